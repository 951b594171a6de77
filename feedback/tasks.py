"""Celery tasks of the messages app: thin, take ids, call a service, retry on failure.

Services queue them by name through cur.task_queue (or cur.id_queue for intake's batches); this
module imports services, never the other way round.
"""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from cur import id_queue
from cur.task_queue import enqueue
from feedback.adapters.feeds import feeds_poll
from feedback.adapters.mail import mailbox_poll
from feedback.classifier import training
from feedback.models import ClassifierTarget
from feedback.services import notifications, suggestions
from feedback.services.deadline_flags import refresh_overdue_flags
from feedback.services.mass_problem_notifications import mass_problem_notifications_send
from feedback.webhooks.delivery import deliveries_lost, delivery_attempt

# Deadlines and agencies' notices ------------------------------------------------------------


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
    return notify_agencies_of_routed_messages(id_queue.take(notify_agencies_of_queued_routed_messages.name))


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_deadline_reminders() -> int:
    return notifications.send_deadline_reminders()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notify_mass_problem_suggestions() -> int:
    """Every 10 minutes (CELERY_BEAT_SCHEDULE): suggested mass problems as notifications; a re-run adds nothing."""
    return mass_problem_notifications_send()


# Webhooks -----------------------------------------------------------------------------------


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt; the service says when the next one is due, with its back-off."""
    attempt = delivery_attempt(delivery_id=delivery_id)
    if attempt.retry_in is not None:
        deliver_webhook.apply_async((delivery_id,), countdown=attempt.retry_in)
    return attempt.delivery.status


@shared_task
def sweep_webhook_deliveries() -> int:
    lost = deliveries_lost()
    for pk in lost:
        enqueue("feedback.tasks.deliver_webhook", pk)
    return len(lost)


# Channels polled ----------------------------------------------------------------------------


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def poll_mailbox() -> dict[str, int]:
    report = mailbox_poll()
    return {"created": report.created, "duplicates": report.duplicates, "errors": len(report.errors)}


@shared_task
def poll_feeds() -> dict[str, dict]:
    """The channel feeds of settings.CUR_FEEDS, as `manage.py ingest_feed` loads one."""
    reports = feeds_poll(settings.CUR_FEEDS)
    return {kind: {"created": r.created, "duplicates": r.duplicates, "errors": len(r.errors)} for kind, r in reports.items()}


# Classifier: training and the analysis of new messages --------------------------------------


@shared_task(acks_late=True)
def train_classifier_version(version_id: int) -> int:
    # No autoretry: a failed training is recorded on the version and shown to the head.
    return training.classifier_version_train(version_id=version_id).pk


@shared_task
def train_classifiers_weekly() -> list[int]:
    out = []
    for target in ClassifierTarget.values:
        try:
            out.append(training.classifier_version_request(target=target, by=None).pk)
        except training.TrainingRefused:
            continue
    return out


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def analyse_messages(message_ids: list[int]) -> int:
    return len(suggestions.messages_analyse(message_ids=message_ids))


@shared_task
def analyse_queued_messages() -> int:
    """The messages intake queued for analysis since the last run (cur.id_queue), in one go."""
    ids = id_queue.take(analyse_queued_messages.name)
    try:
        return len(suggestions.messages_analyse(message_ids=ids))
    except OperationalError:
        # Taken out of the queue already: retried with back-off by the task for given ids.
        analyse_messages.apply_async((ids,), countdown=10)
        return 0


SWEEP_LIMIT = 5000


@shared_task
def analyse_missed_messages() -> int:
    # Intake queues analysis on commit; a broker restart can lose such a task: this finds them.
    # With the analysis switched off (an archive being loaded) there is nothing to make up for.
    if not settings.CUR_ANALYSE_ON_INTAKE:
        return 0
    return len(suggestions.messages_analyse(message_ids=suggestions.unanalysed_recent_messages(limit=SWEEP_LIMIT)))


@shared_task
def reanalyse_waiting_messages() -> int:
    # After a new category version becomes active the queue should show its guesses.
    return len(suggestions.messages_analyse(message_ids=suggestions.waiting_for_classification(limit=50_000)))
