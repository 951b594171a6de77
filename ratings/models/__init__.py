from .stats import DailyStat, MonthlyStat, SectorDayStat, SectorMonthStat

__all__ = ["DailyStat", "MonthlyStat", "SectorDayStat", "SectorMonthStat"]
