from .reports import MonthlyReport, ReportRecipient, ReportVersion
from .saved_slices import SavedSlice
from .stats import DailyStat, MonthlyStat, SectorDayStat, SectorMonthStat

__all__ = [
    "DailyStat", "MonthlyReport", "MonthlyStat", "ReportRecipient", "ReportVersion", "SavedSlice", "SectorDayStat",
    "SectorMonthStat",
]
