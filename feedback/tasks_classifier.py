"""Celery tasks of the classifier: thin, take ids, call the training and suggestion services."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from cur import id_queue
from feedback.classifier import training
from feedback.models import ClassifierTarget
from feedback.services import suggestions


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
    ids = id_queue.take(analyse_queued_messages)
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
