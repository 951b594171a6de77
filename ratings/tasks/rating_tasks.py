"""The monthly rating: the scheduled computation of the previous month, and one run on demand.

Both are safe to retry: a finished run is never touched again, and an unfinished one is computed
from the start. acks_late with reject_on_worker_lost hands a run whose worker was killed to
another worker.
"""

from celery import shared_task
from django.utils import timezone

from ratings.periods import add_months
from ratings.services.ratings import rating_month_ensure, rating_run_execute


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def compute_rating_run(run_id: int) -> int:
    return rating_run_execute(run_id=run_id).pk


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def compute_monthly_rating() -> int:
    """Runs on the 1st at 02:30 for the month that just ended."""
    previous_month = add_months(timezone.localdate().replace(day=1), -1)
    return rating_month_ensure(month=previous_month).pk
