from celery import shared_task

from feedback.services.deadline_flags import refresh_overdue_flags


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_deadline_flags() -> dict[str, int]:
    return refresh_overdue_flags()
