"""Celery tasks: thin, take ids, call a service, retry on failure."""

from celery import shared_task

from feedback.services import notifications
from feedback.services.deadline_flags import refresh_overdue_flags


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_deadline_flags() -> dict[str, int]:
    return refresh_overdue_flags()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_agency_of_routed_message(message_id: int) -> int:
    return notifications.notify_routed(message_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_deadline_reminders() -> int:
    return notifications.send_deadline_reminders()

from feedback.tasks_classifier import train_classifier_version, train_classifiers_weekly  # noqa: E402, F401 — Celery finds them here too
