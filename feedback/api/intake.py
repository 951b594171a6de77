"""Messages pushed by a system: validated by the same form as imports and the web form, then
created by the intake service (deduplicated on (channel, external_id), deadlines computed).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.utils import timezone

from feedback.category_codes import category_by_code, category_index
from feedback.forms.intake import IncomingMessageForm, IntakeLookups
from feedback.models import IntegrationSystem, Message
from feedback.services.intake import IncomingMessage, messages_ingest

_SCALARS = (str, int, float, type(None))
_thread = threading.local()
ITEM_NOT_OBJECT = "Элемент должен быть объектом JSON с полями сообщения."


@dataclass
class ItemResult:
    index: int
    external_id: str | None
    result: str  # created | duplicate | error
    number: str | None = None
    errors: dict[str, list[str]] | None = None


class ItemValidator:
    """One intake form re-bound to each item of a request.

    A new form per item deep-copies its fifteen fields, which for a batch of 1,000 costs more than
    the validation itself; the form is never rendered, so re-binding its data is enough. For the
    same reason a thread keeps its form from one request to the next (`for_request`) while the
    reference data it resolves against stays the same.
    """

    def __init__(self, *, lookups: IntakeLookups, now):
        self.form = IncomingMessageForm(data={}, lookups=lookups, now=now)
        self.categories = category_index()

    @classmethod
    def for_request(cls, now) -> ItemValidator:
        lookups = IntakeLookups.shared()
        kept = getattr(_thread, "validator", None)
        if kept is None or kept.form.lookups is not lookups:
            kept = _thread.validator = cls(lookups=lookups, now=now)
        kept.form.now = now
        kept.categories = category_index()
        return kept

    def bind(self, data: dict) -> IncomingMessageForm:
        self.form.data = data
        self.form._errors = None  # Django re-runs full_clean() when the errors are asked for
        return self.form


def validate_item(raw, *, system: IntegrationSystem, validator: ItemValidator) -> IncomingMessage | dict[str, list[str]]:
    """The item as the intake service takes it, or its errors by field (Russian sentences)."""
    if not isinstance(raw, dict):
        return {"__all__": [ITEM_NOT_OBJECT]}
    errors: dict[str, list[str]] = {}
    data = {}
    for name, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, _SCALARS):
            errors[name] = ["Ожидается строка или число."]
        else:
            data[name] = value
    category = None
    code = data.pop("category", None)
    if code not in (None, "") and "category" not in errors:
        category = category_by_code(str(code).strip(), validator.categories, errors)
    form = validator.bind(data)
    if not form.is_valid():
        for name, messages in form.errors.items():
            if name not in errors:  # a field refused for its type is "missing" to the form
                errors[name] = [str(m) for m in messages]
    cleaned = getattr(form, "cleaned_data", {})
    if not cleaned.get("external_id") and "external_id" not in errors:
        errors["external_id"] = [
            "Не указан номер во внешней системе: без него повторная доставка создала бы второе сообщение."
        ]
    channel = cleaned.get("channel")
    if channel is not None and channel.pk != system.channel_id:
        errors.setdefault("channel", []).append(
            f"Токен позволяет создавать сообщения только в канале «{system.channel.code}», а не «{channel.code}»."
        )
    if errors:
        return errors
    item = form.to_incoming()
    item.extra = {"api_system": system.pk}
    item.category = category
    return item


def items_ingest(*, system: IntegrationSystem, raw_items: list) -> list[ItemResult]:
    """Validate every item, create the good ones, report each item's fate in the order given."""
    validator = ItemValidator.for_request(timezone.now())
    results: list[ItemResult] = []
    good: list[tuple[ItemResult, IncomingMessage]] = []
    for index, raw in enumerate(raw_items):
        checked = validate_item(raw, system=system, validator=validator)
        external_id = str(raw.get("external_id"))[:200] if isinstance(raw, dict) and raw.get("external_id") is not None else None
        if isinstance(checked, dict):
            results.append(ItemResult(index, external_id, "error", errors=checked))
        else:
            result = ItemResult(index, checked.external_id, "created")
            results.append(result)
            good.append((result, checked))
    if not good:
        return results
    outcome = messages_ingest(channel=system.channel, items=[item for _, item in good], source="api")
    duplicate_ids = {id(item) for item in outcome.duplicates}
    created = iter(outcome.created)
    for result, item in good:
        if id(item) in duplicate_ids:
            result.result = "duplicate"
        else:
            result.number = next(created).number
    duplicates = [r for r, item in good if id(item) in duplicate_ids]
    if duplicates:
        numbers = dict(
            Message.objects.filter(channel=system.channel, external_id__in=[r.external_id for r in duplicates])
            .values_list("external_id", "number")
        )
        for result in duplicates:
            result.number = numbers.get(result.external_id)
    return results
