"""The active classifier's suggestion for one message: a category (and so its sector) with confidence.

The triage card preselects it in the classify form; the operator accepts it with one key or picks
another category, and the classification event records which (feedback.services.triage).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from feedback.classifier import storage
from feedback.models import ClassifierTarget, ClassifierVersion
from sectors.models import Category

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Suggestion:
    category_id: int
    category_name: str
    sector_name: str
    confidence: float  # calibrated probability, 0–1
    version_id: int
    sector_id: int | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.confidence)

    @classmethod
    def of(cls, category: Category, confidence: float, version_id: int) -> Suggestion:
        return cls(category.pk, category.name, category.sector.name, float(confidence), version_id, category.sector_id)


def _active_category_model():
    """(version, model) of the active category version, or None; a model file that cannot be read
    (lost on a new server) is logged and treated as no model."""
    version = ClassifierVersion.objects.filter(target=ClassifierTarget.CATEGORY, is_active=True).only("id", "file_path").first()
    if version is None or not version.file_path:
        return None
    try:
        return version, storage.load(version.file_path)
    except Exception:  # noqa: BLE001 — any failure of the model must not break the card or intake
        log.exception("classifier version %s cannot be loaded", version.pk)
        return None


def suggest_categories(texts: list[str]) -> list[Suggestion | None]:
    """The active category model's best guess for each text (None where there is no model, or the
    guessed category has been retired since the model was trained). One batch, one category query."""
    active = _active_category_model()
    if active is None or not texts:
        return [None] * len(texts)
    version, model = active
    try:
        guesses = model.suggest(list(texts))
    except Exception:  # noqa: BLE001
        log.exception("classifier version %s cannot suggest", version.pk)
        return [None] * len(texts)
    wanted = {int(label) for label, _ in guesses}
    categories = {
        c.pk: c for c in Category.objects.filter(pk__in=wanted, is_active=True, sector__is_active=True).select_related("sector")
    }
    out: list[Suggestion | None] = []
    for label, confidence in guesses:
        category = categories.get(int(label))
        out.append(None if category is None else Suggestion.of(category, confidence, version.pk))
    return out


def suggest_category(text: str) -> Suggestion | None:
    """The active category model's best guess for one text (the card), or None without a model."""
    return suggest_categories([text])[0]


def suggestion_for(message) -> Suggestion | None:
    """What the card offers: the suggestion stored at intake (the one the queue showed), or a
    fresh guess for a message not analysed yet."""
    from feedback.models import MessageSuggestion

    stored = (
        MessageSuggestion.objects.filter(
            message=message, category__isnull=False, category__is_active=True, category__sector__is_active=True,
        )
        .select_related("category__sector").first()
    )
    if stored is not None and stored.version_id is not None:
        return Suggestion.of(stored.category, stored.confidence, stored.version_id)
    return suggest_category(message.text)
