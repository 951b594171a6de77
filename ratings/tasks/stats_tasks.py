"""Folding the statistics delta log into the rollups (ratings.services.stats.stats_fold).

Readers fold before they read, so this only keeps the log short while nobody is looking: a quiet
hour of intake is folded in a few small steps instead of by the first dashboard opened after it.
A fold running elsewhere is not waited for; the next beat takes what it left.
"""

from celery import shared_task

from ratings.services.stats import stats_fold


@shared_task(ignore_result=True)
def fold_stats() -> int:
    return stats_fold(wait=False)
