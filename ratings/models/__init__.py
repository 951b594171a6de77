from .ratings import (
    Methodology,
    MethodologyCriterion,
    MethodologyIndicator,
    RatingResult,
    RatingRun,
    RunState,
)
from .reports import MonthlyReport, ReportRecipient, ReportVersion
from .saved_slices import SavedSlice
from .stats import DailyStat, MonthlyStat, SectorDayStat, SectorMonthStat

__all__ = [
    "DailyStat", "Methodology", "MethodologyCriterion", "MethodologyIndicator", "MonthlyReport", "MonthlyStat",
    "RatingResult", "RatingRun", "ReportRecipient", "ReportVersion", "RunState", "SavedSlice", "SectorDayStat",
    "SectorMonthStat",
]
