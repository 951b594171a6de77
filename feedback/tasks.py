"""Celery tasks: thin, take ids, call a service, retry on failure."""

from celery import shared_task

from cur import id_queue
from feedback.services import notifications
from feedback.services.deadline_flags import refresh_overdue_flags


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_deadline_flags() -> dict[str, int]:
    return refresh_overdue_flags()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_agency_of_routed_message(message_id: int) -> int:
    return notifications.notify_routed(message_id)


@shared_task
def notify_agencies_of_routed_messages(message_ids: list[int]) -> int:
    """Messages routed together (at intake, by the classifier): one task instead of one per
    message, since queueing a task costs more than registering a message. A message whose
    notice fails goes to the single-message task, which retries it with back-off."""
    sent = 0
    for message_id in message_ids:
        try:
            sent += notifications.notify_routed(message_id)
        except Exception:
            notify_agency_of_routed_message.apply_async((message_id,), countdown=60)
    return sent


@shared_task
def notify_agencies_of_queued_routed_messages() -> int:
    """The messages routed at intake since the last run (cur.id_queue), in one go."""
    return notify_agencies_of_routed_messages(id_queue.take(notify_agencies_of_queued_routed_messages))


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notify_mass_problem_suggestions() -> int:
    """Every 10 minutes (CELERY_BEAT_SCHEDULE): suggested mass problems as notifications; a re-run adds nothing."""
    from feedback.services.mass_problem_notifications import mass_problem_notifications_send

    return mass_problem_notifications_send()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_deadline_reminders() -> int:
    return notifications.send_deadline_reminders()


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt; the service says when the next one is due, with its back-off."""
    from feedback.webhooks.delivery import delivery_attempt

    attempt = delivery_attempt(delivery_id=delivery_id)
    if attempt.retry_in is not None:
        deliver_webhook.apply_async((delivery_id,), countdown=attempt.retry_in)
    return attempt.delivery.status


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def poll_mailbox() -> dict[str, int]:
    from feedback.adapters.mail import mailbox_poll

    report = mailbox_poll()
    return {"created": report.created, "duplicates": report.duplicates, "errors": len(report.errors)}


@shared_task
def poll_feeds() -> dict[str, dict]:
    """The channel feeds of settings.CUR_FEEDS, as `manage.py ingest_feed` loads one."""
    from django.conf import settings

    from feedback.adapters.feeds import feeds_poll

    reports = feeds_poll(settings.CUR_FEEDS)
    return {kind: {"created": r.created, "duplicates": r.duplicates, "errors": len(r.errors)} for kind, r in reports.items()}


@shared_task
def sweep_webhook_deliveries() -> int:
    from feedback.webhooks.delivery import deliveries_lost

    lost = deliveries_lost()
    for pk in lost:
        deliver_webhook.delay(pk)
    return len(lost)


from feedback.tasks_classifier import train_classifier_version, train_classifiers_weekly  # noqa: E402, F401 — Celery finds them here too
