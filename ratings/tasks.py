"""Celery tasks of the ratings app: thin, each calls one service.

- The monthly rating (on the 1st at 02:30) and a run on demand. Both are safe to retry: a finished
  run is never touched again, and an unfinished one is computed from the start; acks_late with
  reject_on_worker_lost hands a run whose worker was killed to another worker.
- The governor's report: build a version's PDF, e-mail a final one, and the monthly draft (on the
  1st at 05:00, after the ratings; when that month's ratings are not there yet it waits an hour and
  looks again, a few times, then makes the draft anyway and the head regenerates it later).
- Folding the statistics delta log into the rollups: readers fold before they read, so this only
  keeps the log short while nobody is looking; a fold running elsewhere is not waited for.
- The dashboard's growth alerts as notifications, hourly; a re-run adds nothing.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from ratings.models import ReportVersion
from ratings.periods import add_months
from ratings.reports.figures import ratings_digest_for
from ratings.services import reports
from ratings.services.growth_notifications import growth_notifications_send
from ratings.services.ratings import rating_month_ensure, rating_run_execute
from ratings.services.stats import stats_fold

RATINGS_WAIT_SECONDS = 3600
RATINGS_WAIT_TRIES = 4


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def compute_rating_run(run_id: int) -> int:
    return rating_run_execute(run_id=run_id).pk


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def compute_monthly_rating() -> int:
    """Runs on the 1st at 02:30 for the month that just ended."""
    previous_month = add_months(timezone.localdate().replace(day=1), -1)
    return rating_month_ensure(month=previous_month).pk


@shared_task(autoretry_for=(Exception,), retry_backoff=30, max_retries=2)
def build_report_version(version_id: int) -> int:
    reports.report_build(version_id=version_id)
    return version_id


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def email_final_report(version_id: int) -> int:
    return reports.report_email(version_id=version_id)


@shared_task(bind=True, max_retries=RATINGS_WAIT_TRIES)
def generate_monthly_draft(self, month: str | None = None) -> int | None:
    """The previous month's draft, once: a month that already has a version is left to the head."""
    first = date.fromisoformat(month) if month else add_months(timezone.localdate().replace(day=1), -1)
    if ReportVersion.objects.filter(report__month=first).exists():
        return None
    if ratings_digest_for(first) is None and self.request.retries < RATINGS_WAIT_TRIES:
        raise self.retry(countdown=RATINGS_WAIT_SECONDS, kwargs={"month": first.isoformat()})
    return reports.report_generate(month=first).pk


@shared_task(ignore_result=True)
def fold_stats() -> int:
    return stats_fold(wait=False)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notify_growth_alerts() -> int:
    return growth_notifications_send()
