from .saved_slices import SavedSlice
from .stats import DailyStat, MonthlyStat

__all__ = ["DailyStat", "MonthlyStat", "SavedSlice"]
