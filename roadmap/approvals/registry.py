"""Which models are approvable, and the few things the mechanism needs to know about each.

A document model has an `approval` one-to-one field to ApprovalCase; everything else — the chain,
where its page is, what must be filled before it is submitted, what happens when it is approved —
is declared here once per model, not coded again per document type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.functional import Promise

from roadmap.approvals.chains import Chain


@dataclass(frozen=True)
class Approvable:
    model: type
    chain: Chain
    kind_label: str | Promise
    url_name: str
    sector_id: Callable[[object], int]
    # Problems that keep the document from being submitted (empty list: ready).
    problems: Callable[[object], list[str]] = lambda document: []
    # What approval changes besides the case (a passport becomes the project's current version).
    on_approved: Callable[[object], None] = lambda document: None

    def url(self, object_id: int) -> str:
        return reverse(self.url_name, args=[object_id])


_REGISTRY: dict[str, Approvable] = {}


def register(entry: Approvable) -> None:
    _REGISTRY[entry.model._meta.label_lower] = entry


def entry_for_model(model) -> Approvable:
    try:
        return _REGISTRY[model._meta.label_lower]
    except KeyError:
        raise LookupError(f"{model._meta.label} не зарегистрирован как документ с согласованием") from None


def entry_for_content_type(content_type_id: int) -> Approvable:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return entry_for_model(model)


def document_of(case):
    entry = entry_for_content_type(case.content_type_id)
    return entry.model.objects.get(pk=case.object_id)
