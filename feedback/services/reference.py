"""The kinds of messages and the channels (DESIGN.md §3) as the catalog lists them; loaded once,
never overwriting what the head edited since. A second run creates nothing."""

from __future__ import annotations

from collections import Counter

from feedback.models import Channel, MessageKind
from sectors.reference import catalog


def load_message_reference() -> Counter:
    created: Counter = Counter()
    for order, (code, name, extendable, term, unit, first_hours, description) in enumerate(catalog.KINDS):
        _, new = MessageKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "extendable": extendable, "answer_term": term, "answer_unit": unit,
                      "first_response_hours": first_hours, "description": description, "order": order},
        )
        created["виды сообщений"] += new
    kinds = {k.code: k for k in MessageKind.objects.all()}
    for order, (code, name, kind_code) in enumerate(catalog.CHANNELS):
        _, new = Channel.objects.get_or_create(code=code, defaults={"name": name, "default_kind": kinds.get(kind_code), "order": order})
        created["каналы"] += new
    return created
