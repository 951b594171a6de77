"""Every kind of document with pages, and the kind of an approval case's document (for the one
decision endpoint)."""

from __future__ import annotations

from roadmap.views.documents.group import GROUP
from roadmap.views.documents.indicator import INDICATOR
from roadmap.views.documents.kind import DocumentKind
from roadmap.views.documents.passport import PASSPORT
from roadmap.views.documents.report import REPORT

KINDS: tuple[DocumentKind, ...] = (PASSPORT, REPORT, GROUP, INDICATOR)
_BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_for_model(model) -> DocumentKind:
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise LookupError(f"{model._meta.label}: у документа нет страниц") from None
