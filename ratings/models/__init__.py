from .stats import DailyStat, MonthlyStat

__all__ = ["DailyStat", "MonthlyStat"]
