from .ratings import (
    Methodology,
    MethodologyCriterion,
    MethodologyIndicator,
    RatingResult,
    RatingRun,
    RunState,
)
from .saved_slices import SavedSlice
from .stats import DailyStat, MonthlyStat, SectorDayStat, SectorMonthStat

__all__ = [
    "DailyStat", "Methodology", "MethodologyCriterion", "MethodologyIndicator", "MonthlyStat", "RatingResult", "RatingRun",
    "RunState", "SavedSlice", "SectorDayStat", "SectorMonthStat",
]
