from .saved_slices import SavedSlice
from .stats import DailyStat, MonthlyStat, SectorDayStat, SectorMonthStat

__all__ = ["DailyStat", "MonthlyStat", "SavedSlice", "SectorDayStat", "SectorMonthStat"]
