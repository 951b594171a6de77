"""What the portal makes of a message as it arrives: a category suggestion, its tone, and — where
the head allowed it for the sector — classification and routing without an operator.

Intake queues `analyse_messages` after its commit (feedback.tasks); a periodic sweep
picks up what a lost task missed, and activating a new category version re-analyses the open
unclassified messages so the queue shows the new model's guesses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cur import id_queue
from feedback.classifier import tone
from feedback.classifier.suggest import suggest_categories
from feedback.models import Message, MessageStatus, MessageSuggestion, SectorAutoRouting
from sectors.models import Category

log = logging.getLogger(__name__)

BATCH = 500
# The threshold the head may set is between these: below ½ the model is wrong more often than not.
THRESHOLD_MIN, THRESHOLD_MAX = 0.5, 1.0


def queue_analysis(message_ids: Sequence[int]) -> None:
    """Analyse these messages after the current transaction commits: the deliveries of the next
    moment are gathered into one Celery task (cur.id_queue)."""
    id_queue.queue_on_commit({"feedback.tasks.analyse_queued_messages": message_ids})


def messages_analyse(*, message_ids: Iterable[int]) -> list[MessageSuggestion]:
    """Store (or refresh) the suggestion and tone of each message, then auto-route those the head's
    per-sector threshold allows. Returns the stored suggestions."""
    ids = list(message_ids)
    stored: list[MessageSuggestion] = []
    for start in range(0, len(ids), BATCH):
        stored.extend(_analyse_batch(ids[start:start + BATCH]))
    return stored


def _analyse_batch(ids: list[int]) -> list[MessageSuggestion]:
    rows = list(Message.objects.filter(pk__in=ids).values_list("pk", "text"))
    if not rows:
        return []
    texts = [text for _, text in rows]
    guesses = suggest_categories(texts)
    suggestions = [
        MessageSuggestion(
            message_id=pk, version_id=guess.version_id if guess else None, category_id=guess.category_id if guess else None,
            confidence=guess.confidence if guess else None, tone=tone.flags(text),
        )
        for (pk, text), guess in zip(rows, guesses, strict=True)
    ]
    MessageSuggestion.objects.bulk_create(
        suggestions, update_conflicts=True, unique_fields=["message"],
        update_fields=["version", "category", "confidence", "tone"],
    )
    _auto_route(suggestions)
    return suggestions


def _auto_route(suggestions: list[MessageSuggestion]) -> None:
    """Classify and route the still-new messages whose suggestion clears their sector's threshold."""
    thresholds = dict(SectorAutoRouting.objects.filter(min_confidence__isnull=False).values_list("sector_id", "min_confidence"))
    if not thresholds:
        return
    sure = {s.message_id: s for s in suggestions if s.category_id and s.confidence is not None}
    if not sure:
        return
    categories = Category.objects.in_bulk({s.category_id for s in sure.values()})
    candidates = [
        s for s in sure.values()
        if (limit := thresholds.get(categories[s.category_id].sector_id)) is not None and s.confidence >= limit
    ]
    if not candidates:
        return
    from feedback.services.auto_routing import messages_classify_and_route

    with transaction.atomic():
        # Only messages nobody has classified yet: an operator's decision is never overridden.
        waiting = Message.objects.select_for_update(skip_locked=True).filter(
            pk__in=[s.message_id for s in candidates], status=MessageStatus.NEW, category__isnull=True,
        )
        by_id = {m.pk: m for m in waiting}
        pairs = [(by_id[s.message_id], categories[s.category_id]) for s in candidates if s.message_id in by_id]
        if pairs:
            messages_classify_and_route(pairs=pairs, by=None, source="classifier")


def unanalysed_recent_messages(*, days: int = 2, limit: int) -> list[int]:
    """Messages of the last `days` with no stored analysis, newest first: what a lost task left
    behind. The window keeps the look-up bounded however large the table grows."""
    has = MessageSuggestion.objects.filter(message=OuterRef("pk"))
    since = timezone.now() - timedelta(days=days)
    return list(
        Message.objects.filter(registered_at__gte=since).exclude(Exists(has))
        .order_by("-registered_at").values_list("pk", flat=True)[:limit]
    )


def waiting_for_classification(*, limit: int) -> list[int]:
    """New unclassified messages: the ones a newly activated category model should re-read."""
    return list(
        Message.objects.filter(status=MessageStatus.NEW, category__isnull=True)
        .order_by("-registered_at").values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def sector_auto_routing_set(*, sector, min_confidence: float | None, by) -> SectorAutoRouting:
    """The head turns auto-classification of a sector on (with a threshold) or off (None)."""
    if min_confidence is not None and not THRESHOLD_MIN <= min_confidence <= THRESHOLD_MAX:
        raise ValueError("Порог уверенности — от 50 до 100 %.")
    setting, _ = SectorAutoRouting.objects.update_or_create(
        sector=sector, defaults={"min_confidence": min_confidence, "changed_by": by},
    )
    return setting
