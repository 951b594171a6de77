"""Tasks of the governor's report: build a version's PDF, e-mail a final one, and the monthly draft.

Thin: they take ids and call ratings.services.reports. The monthly draft runs on the 1st at 05:00
(cur.settings.base), after the ratings job; when that month's ratings are not there yet it waits
an hour and looks again, a few times, then makes the draft anyway (the section says ratings are
missing, and the head regenerates it later).
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from ratings.models import ReportVersion
from ratings.periods import add_months
from ratings.reports.figures import ratings_digest_for
from ratings.services import reports

RATINGS_WAIT_SECONDS = 3600
RATINGS_WAIT_TRIES = 4


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
    from datetime import date

    first = date.fromisoformat(month) if month else add_months(timezone.localdate().replace(day=1), -1)
    if ReportVersion.objects.filter(report__month=first).exists():
        return None
    if ratings_digest_for(first) is None and self.request.retries < RATINGS_WAIT_TRIES:
        raise self.retry(countdown=RATINGS_WAIT_SECONDS, kwargs={"month": first.isoformat()})
    return reports.report_generate(month=first).pk
