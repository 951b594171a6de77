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
from .stats import DailyStat, MonthlyStat, SectorDayDimStat, SectorDayStat, SectorMonthStat, StatDelta

__all__ = [
    "DailyStat", "Methodology", "MethodologyCriterion", "MethodologyIndicator", "MonthlyReport", "MonthlyStat",
    "RatingResult", "RatingRun", "ReportRecipient", "ReportVersion", "RunState", "SavedSlice", "SectorDayDimStat", "SectorDayStat",
    "SectorMonthStat", "StatDelta",
]
