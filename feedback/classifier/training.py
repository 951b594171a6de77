"""Training versions on the portal's own operators' decisions, activating and rolling back.

What counts as an operator's decision: a message with a `classified` history event written by a
person (actor set) — the operator chose or confirmed the sector and category; the label is the
message's *current* sector/category, so a later correction wins. Rejected messages and
duplicates are left out (their category says nothing about their text). Messages classified by
an import or by the auto-routing have no actor and are never learnt from: the model must not
learn its own guesses.
"""

from __future__ import annotations

import time

import numpy as np
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from sklearn.model_selection import train_test_split

from cur.roles import RoleCode
from cur.task_queue import enqueue
from feedback.models import (
    ClassifierTarget,
    ClassifierVersion,
    EventKind,
    Message,
    MessageEvent,
    MessageStatus,
    TrainingState,
)
from sectors.models import Category

from . import storage
from .baseline import KeywordBaseline
from .evaluation import metrics, threshold_table
from .model import SEED, TextClassifier

HOLD_OUT = 0.2
MAX_EXAMPLES = 200_000
MIN_EXAMPLES = 50


class TrainingRefused(Exception):
    pass


def may_manage_classifier(access) -> bool:
    return access.is_superuser or access.has(RoleCode.HEAD)


def training_examples(target: str, limit: int = MAX_EXAMPLES) -> tuple[list[str], list[str]]:
    """(texts, labels) of the newest operator-classified messages; labels are sector/category ids."""
    decided = MessageEvent.objects.filter(message=OuterRef("pk"), kind=EventKind.CLASSIFIED, actor__isnull=False)
    field = "sector_id" if target == ClassifierTarget.SECTOR else "category_id"
    rows = (
        Message.objects.filter(Exists(decided), **{f"{field}__isnull": False})
        .exclude(status__in=[MessageStatus.REJECTED, MessageStatus.DUPLICATE])
        .order_by("-registered_at")
        .values_list("text", field)[:limit]
    )
    texts, labels = [], []
    for text, label in rows.iterator(chunk_size=5000):
        texts.append(text)
        labels.append(str(label))
    return texts, labels


@transaction.atomic
def classifier_version_request(*, target: str, by) -> ClassifierVersion:
    """A queued version; the Celery task trains it after the commit."""
    if target not in ClassifierTarget.values:
        raise TrainingRefused("Неизвестная цель классификатора.")
    if ClassifierVersion.objects.filter(target=target, state__in=[TrainingState.QUEUED, TrainingState.RUNNING]).exists():
        raise TrainingRefused("Эта модель уже обучается: дождитесь окончания.")
    version = ClassifierVersion.objects.create(target=target, trained_by=by, stage="ожидает обработчика")
    enqueue("feedback.tasks.train_classifier_version", version.id)
    return version


def _progress(version: ClassifierVersion, percent: int, stage: str) -> None:
    # Outside any transaction: the page polls these two fields while the task runs.
    ClassifierVersion.objects.filter(pk=version.pk).update(progress=percent, stage=stage)


def classifier_version_train(*, version_id: int) -> ClassifierVersion:
    """Train, evaluate on the held-out 20 %, store the file. The first ready version of a target
    becomes active by itself (there is nothing to compare with); later ones wait for the head."""
    version = ClassifierVersion.objects.get(pk=version_id)
    if version.state not in (TrainingState.QUEUED, TrainingState.RUNNING):
        return version
    started = time.perf_counter()
    ClassifierVersion.objects.filter(pk=version.pk).update(state=TrainingState.RUNNING, progress=5, stage="выборка сообщений")
    try:
        texts, labels = training_examples(version.target)
        if len(texts) < MIN_EXAMPLES:
            raise TrainingRefused(f"Мало сообщений, классифицированных операторами: {len(texts)}, нужно не меньше {MIN_EXAMPLES}.")
        counts = {y: labels.count(y) for y in set(labels)}
        # Stratify on the classes that can be split; the rarest ones fall where they fall.
        strata = [y if counts[y] >= 2 else "_rare" for y in labels]
        train_x, test_x, train_y, test_y = train_test_split(
            np.array(texts, dtype=object), np.array(labels, dtype=object), test_size=HOLD_OUT, random_state=SEED,
            stratify=strata if min({s: strata.count(s) for s in set(strata)}.values()) >= 2 else None,
        )
        _progress(version, 20, f"обучение на {len(train_x)} сообщениях")
        # Categories are learnt in two levels, sector then category within it (model.TextClassifier).
        sector_of = None
        if version.target == ClassifierTarget.CATEGORY:
            sector_of = {str(pk): str(sector) for pk, sector in Category.objects.values_list("pk", "sector_id")}
        model = TextClassifier(groups=sector_of).fit(train_x, train_y)
        _progress(version, 70, f"проверка на {len(test_x)} сообщениях")
        guesses = model.suggest(test_x)
        model_figures = metrics(test_y, [label for label, _ in guesses])
        if sector_of is not None:
            model_figures["thresholds"] = threshold_table(test_y, guesses, sector_of.get)
        baseline_figures = metrics(test_y, KeywordBaseline().fit(train_x, train_y).predict(test_x))
        _progress(version, 90, "сохранение")
        path = storage.path_for(version.pk, version.target)
        storage.save(model, path)
    except Exception as error:  # noqa: BLE001 — whatever broke, the page must say so
        ClassifierVersion.objects.filter(pk=version.pk).update(state=TrainingState.FAILED, stage="", error=str(error)[:2000])
        if isinstance(error, TrainingRefused):
            return ClassifierVersion.objects.get(pk=version.pk)
        raise
    with transaction.atomic():
        version = ClassifierVersion.objects.select_for_update().get(pk=version.pk)
        version.state, version.progress, version.stage = TrainingState.READY, 100, ""
        version.trained_at = timezone.now()
        version.training_size, version.test_size = len(train_x), len(test_x)
        version.metrics, version.baseline_metrics = model_figures, baseline_figures
        version.file_path, version.seconds = str(path), time.perf_counter() - started
        version.is_active = not ClassifierVersion.objects.filter(target=version.target, is_active=True).exists()
        version.save(update_fields=[
            "state", "progress", "stage", "trained_at", "training_size", "test_size", "metrics", "baseline_metrics",
            "file_path", "seconds", "is_active",
        ])
        if version.is_active:
            _reanalyse_after_commit(version)
        _notify_heads(version)
    return version


def _reanalyse_after_commit(version: ClassifierVersion) -> None:
    """A new active category model re-reads the messages waiting for an operator."""
    if version.target != ClassifierTarget.CATEGORY:
        return
    enqueue("feedback.tasks.reanalyse_waiting_messages")


@transaction.atomic
def classifier_version_activate(*, version: ClassifierVersion, by) -> ClassifierVersion:
    """Make this version the one that suggests; the previous one stays for a rollback."""
    version = ClassifierVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != TrainingState.READY:
        raise TrainingRefused("Активной можно сделать только обученную версию.")
    ClassifierVersion.objects.filter(target=version.target, is_active=True).exclude(pk=version.pk).update(is_active=False)
    version.is_active = True
    version.save(update_fields=["is_active"])
    _reanalyse_after_commit(version)
    return version


def _notify_heads(version: ClassifierVersion) -> None:
    """The head hears that a version is ready, with its accuracy beside the active one's: the
    weekly training never replaces the active version by itself."""
    from cur.number_format import ru_percent
    from cur.services.notifications import NewNotification, notifications_create
    from sectors.models import RoleAssignment

    def _percent(value) -> str:
        return ru_percent(None if value is None else 100 * float(value))

    heads = set(RoleAssignment.objects.filter(
        role__code=RoleCode.HEAD, official__is_active=True, official__user__isnull=False, official__user__is_active=True,
    ).values_list("official__user_id", flat=True))
    if not heads:
        return
    active = ClassifierVersion.objects.filter(target=version.target, is_active=True).exclude(pk=version.pk).first()
    accuracy = _percent(version.metrics.get("accuracy"))
    if version.is_active:
        title = f"Классификатор обучен: {version.get_target_display()}, версия № {version.pk} — точность {accuracy}, уже активна"
    elif active is not None:
        title = (f"Классификатор обучен: {version.get_target_display()}, версия № {version.pk} — точность {accuracy} "
                 f"(активная № {active.pk}: {_percent(active.metrics.get('accuracy'))})")
    else:
        title = f"Классификатор обучен: {version.get_target_display()}, версия № {version.pk} — точность {accuracy}"
    from django.urls import reverse

    url = reverse("feedback:classifier_version", args=[version.pk])
    body = "" if version.is_active else "Сравните оценку и сделайте версию активной, если она лучше."
    notifications_create(items=[
        NewNotification(recipient_id=user_id, kind="classifier_trained", title=title, body=body, url=url,
                        dedupe_key=f"classifier:{version.pk}")
        for user_id in heads
    ])

