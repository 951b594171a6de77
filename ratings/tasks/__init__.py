"""Celery tasks of the ratings app, one module per job family; Celery finds them through this package.

Each module is imported here so that `autodiscover_tasks()` (which imports `ratings.tasks`)
registers its tasks.
"""

from . import rating_tasks, report_tasks, stats_tasks  # noqa: F401
