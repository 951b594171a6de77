"""Writing a message's history: every change is one immutable event."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from cur.access import access_for
from cur.sql import COPY_FROM, copy_rows, execute_values
from feedback.models import Message, MessageEvent
from feedback.webhooks.events import deliveries_queue, deliveries_queue_many

# When a person holds several roles, the history names the one the action was taken in.
_ROLE_PRECEDENCE = ["operator", "head", "agency_executor", "sector_lead", "sector_responsible", "direction_lead", "curator"]


def actor_role(user) -> str:
    if user is None:
        return ""
    roles = access_for(user).roles
    for code in _ROLE_PRECEDENCE:
        if code in roles:
            return code
    return next(iter(sorted(roles)), "")


def record(message: Message, *, kind: str, by, from_status: str = "", to_status: str = "", note: str = "", data: dict | None = None) -> MessageEvent:
    event = MessageEvent.objects.create(
        message=message,
        actor=by,
        actor_role=actor_role(by),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    # Routing and state changes reach the agencies' systems (outbound webhooks), after the commit.
    deliveries_queue(event)
    return event


def lock(message: Message) -> Message:
    """The message re-read under a row lock: two operators acting at once never both win."""
    assert transaction.get_connection().in_atomic_block, "lock() needs a transaction"
    return Message.objects.select_for_update().get(pk=message.pk)


@dataclass
class NewEvent:
    """A history event written in bulk (`events_insert`): the message's state after it is in
    `agency_id`, so webhooks go where `record` would have sent them at that moment."""

    message: Message
    kind: str
    from_status: str = ""
    to_status: str = ""
    note: str = ""
    data: dict = field(default_factory=dict)
    agency_id: int | None = None
    pk: int | None = None
    at: datetime | None = None


_EVENT_COLUMNS = ("id", "message_id", "at", "actor_id", "actor_role", "kind", "from_status", "to_status", "note", "data")
_EVENT_IDS = "SELECT array_agg(nextval(pg_get_serial_sequence('feedback_messageevent', 'id'))) FROM generate_series(1, %s)"
_EVENT_INSERT = (
    "INSERT INTO feedback_messageevent (message_id, at, actor_id, actor_role, kind, from_status, to_status, note, data) "
    "VALUES %s RETURNING id"
)


def event_rows(events: Sequence[NewEvent], *, by, at: datetime) -> list[tuple]:
    """(message_id, at, actor_id, actor_role, kind, from_status, to_status, note, data as JSON) per event."""
    role = actor_role(by)
    actor = by.pk if by is not None else None
    return [
        (e.message.pk, at, actor, role, e.kind, e.from_status, e.to_status, e.note, json.dumps(e.data, cls=DjangoJSONEncoder, ensure_ascii=False))
        for e in events
    ]


def events_inserted(events: Sequence[NewEvent], ids: Sequence[int], *, at: datetime) -> None:
    """What follows the insert of the events, whoever wrote them: their pks, and their webhooks
    queued as `record` queues them."""
    for event, pk in zip(events, ids, strict=True):
        event.pk, event.at = pk, at
    deliveries_queue_many(events)


def events_insert(events: Sequence[NewEvent], *, by, at: datetime) -> None:
    """Many events in one INSERT (the ORM's bulk_create costs more in Python than the insert in
    PostgreSQL), or by COPY for a batch (cur.sql.copy_rows); sets each event's pk and queues
    their webhooks."""
    if not events:
        return
    rows = event_rows(events, by=by, at=at)
    with transaction.get_connection().cursor() as cursor:
        if len(rows) >= COPY_FROM:
            cursor.execute(_EVENT_IDS, [len(rows)])
            ids = cursor.fetchone()[0]
            copy_rows(cursor, "feedback_messageevent", _EVENT_COLUMNS, [(pk, *row) for pk, row in zip(ids, rows, strict=True)])
        else:
            ids = [pk for (pk,) in execute_values(cursor, _EVENT_INSERT, "(%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb)", rows)]
    events_inserted(events, ids, at=at)
