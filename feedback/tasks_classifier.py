"""Celery tasks of the classifier: thin, take ids, call the training service."""

from celery import shared_task

from feedback.classifier import training
from feedback.models import ClassifierTarget


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
