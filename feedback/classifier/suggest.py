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

    @property
    def percent(self) -> int:
        return round(100 * self.confidence)


def suggest_category(text: str) -> Suggestion | None:
    """The active category model's best guess for the text, or None without an active model.

    A model that cannot be read (a file lost on a new server) costs the operator nothing: the
    card shows no suggestion and the error is logged.
    """
    version = ClassifierVersion.objects.filter(target=ClassifierTarget.CATEGORY, is_active=True).only("id", "file_path").first()
    if version is None or not version.file_path:
        return None
    try:
        label, confidence = storage.load(version.file_path).suggest([text])[0]
    except Exception:  # noqa: BLE001 — any failure of the model must not break the card
        log.exception("classifier version %s cannot suggest", version.pk)
        return None
    category = Category.objects.filter(pk=int(label), is_active=True, sector__is_active=True).select_related("sector").first()
    if category is None:
        return None
    return Suggestion(category.pk, category.name, category.sector.name, confidence, version.pk)
