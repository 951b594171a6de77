"""Creating messages from any source: forms, imports, APIs, channel adapters.

Idempotent on (channel, external_id): delivering the same item twice never makes a second
message. Deadlines are computed and stored at registration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone

from cur import id_queue
from cur.sql import COPY_FROM, copy_rows, execute_values, values_sql
from feedback.deadlines import DeadlineRules
from feedback.models import Channel, EventKind, Message, MessageKind, MessageStatus
from feedback.services.events import NewEvent, event_rows, events_insert, events_inserted
from sectors.models import Category


@dataclass
class IncomingMessage:
    """One message as a source delivers it, already validated (see feedback.forms.intake).

    `extra` is JSON-serialisable detail about the delivery (file, line, source system); it is kept
    in the data of the message's first history event.
    """

    text: str
    received_at: datetime
    kind: MessageKind | None = None
    external_id: str | None = None
    author_name: str = ""
    author_email: str = ""
    author_phone: str = ""
    author_address: str = ""
    author_handle: str = ""
    address: str = ""
    municipality_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    source_url: str = ""
    extra: dict = field(default_factory=dict)
    # A category the source named (API `category`, Open311 `service_code`): classified and routed at intake.
    category: Category | None = None
    # Characters XML forbids, removed by the intake form from free text: field label → code points.
    removed_characters: dict[str, list[str]] = field(default_factory=dict)


def _first_event(message: Message, item: IncomingMessage, channel: Channel, event_kind: str) -> NewEvent:
    """«поступило» with the channel; the delivery's details (item.extra: file and line, API system)
    and what the intake form removed from the text stay in its data and note."""
    note, data = f"Канал: {channel.name}", dict(item.extra)
    if item.removed_characters:
        data["removed_characters"] = item.removed_characters
        removed = "; ".join(f"{label} — {', '.join(codes)}" for label, codes in item.removed_characters.items())
        note += f". Удалены управляющие символы, недопустимые в тексте: {removed}"
    return NewEvent(message, event_kind, "", MessageStatus.NEW, note, data)


@dataclass
class IngestResult:
    created: list[Message]
    duplicates: list[IncomingMessage]


def _blank() -> dict:
    """The attributes of a new Message as Model.__init__ leaves them, made once."""
    message = Message(
        status=MessageStatus.NEW, is_overdue=False, is_due_soon=False, deadline_extended=False, returned_count=0,
        reopened_count=0, reroute_reason="", reroute_requested_at=None,
    )
    return {name: value for name, value in vars(message).items() if name != "_state"}


_BLANK: dict | None = None


def _build(item: IncomingMessage, channel: Channel, now: datetime, rules: DeadlineRules, terms: dict) -> Message:
    """A Message in memory, made without Model.__init__: for a thousand messages __init__ costs
    more than inserting them, and the values are complete and already checked by the form."""
    global _BLANK
    if _BLANK is None:
        _BLANK = _blank()
    kind = item.kind or channel.default_kind
    if kind is None:
        raise ValueError(f"Для канала «{channel.name}» не задан вид сообщения по умолчанию.")
    registered_at = max(now, item.received_at)
    # A batch registers its items at one moment: their deadlines are the same per kind.
    key = (kind.id, registered_at)
    deadlines = terms.get(key)
    if deadlines is None:
        deadlines = terms[key] = rules.deadlines_for(kind, registered_at, channel_id=channel.id)
    message = Message.__new__(Message)
    message.__dict__.update(_BLANK)
    message.__dict__.update(
        channel_id=channel.id,
        kind_id=kind.id,
        external_id=item.external_id or None,
        received_at=item.received_at,
        registered_at=registered_at,
        author_name=item.author_name,
        author_email=item.author_email,
        author_phone=item.author_phone,
        author_address=item.author_address,
        author_handle=item.author_handle,
        text=item.text,
        address=item.address,
        municipality_id=item.municipality_id,
        latitude=item.latitude,
        longitude=item.longitude,
        source_url=item.source_url,
        deadline_at=deadlines.answer,
        first_response_due_at=deadlines.first_response,
    )
    message._state = ModelState()
    message._state.fields_cache = {"channel": channel, "kind": kind}
    return message


def messages_ingest(
    *, channel: Channel, items: Sequence[IncomingMessage], by=None, event_kind: str = EventKind.CREATED, source: str = "intake",
    analyse: bool | None = None,
) -> IngestResult:
    """Create the items that are new for this channel; report the rest as duplicates.

    Items that name a category are classified and routed at once (feedback.services.auto_routing),
    with `source` kept in those events' data as {"auto": source}. The new messages are analysed
    (suggestion, tone, auto-routing by the classifier) by a Celery task after the commit;
    `analyse=False` (or CUR_ANALYSE_ON_INTAKE off) skips it, e.g. for an archive import.
    """
    fresh: list[IncomingMessage] = []
    duplicates: list[IncomingMessage] = []
    seen: set[str] = set()
    for item in items:
        if item.external_id and item.external_id in seen:
            duplicates.append(item)
            continue
        if item.external_id:
            seen.add(item.external_id)
        fresh.append(item)
    if not fresh:
        return IngestResult(created=[], duplicates=duplicates)
    try:
        with transaction.atomic():
            insert = _insert_one if len(fresh) == 1 else _insert
            created, delivered, routing = insert(channel, fresh, timezone.now(), by, event_kind, source)
    except _Raced:
        # Another process registered some of these items between our check and our insert: once
        # more, and they are found delivered.
        with transaction.atomic():
            created, delivered, routing = _insert(channel, fresh, timezone.now(), by, event_kind, source)
    _queue_follow_ups(created, routing, settings.CUR_ANALYSE_ON_INTAKE if analyse is None else analyse)
    return IngestResult(created=created, duplicates=duplicates + delivered)


def _queue_follow_ups(created: list[Message], routing: list, analyse: bool) -> None:
    """The agencies' notices of what was routed and the analysis of what was created, after the
    commit and gathered with other deliveries' (cur.id_queue): one Redis round trip for both."""
    from feedback.services.auto_routing import routed_ids
    id_queue.queue_on_commit({
        "feedback.tasks.notify_agencies_of_queued_routed_messages": routed_ids(routing),
        "feedback.tasks.analyse_queued_messages": [message.pk for message in created] if analyse else [],
    })


class _Raced(Exception):
    pass


_COLUMNS = (
    "id", "channel_id", "kind_id", "external_id", "received_at", "registered_at", "author_name", "author_email", "author_phone",
    "author_address", "author_handle", "text", "address", "municipality_id", "latitude", "longitude", "source_url",
    "sector_id", "category_id", "agency_id", "status", "deadline_at", "first_response_due_at", "is_overdue",
)
_INSERT = (
    f"INSERT INTO feedback_message ({', '.join(_COLUMNS)}) VALUES %s "
    "ON CONFLICT (channel_id, external_id) DO NOTHING RETURNING id, number, created_at, updated_at"
)
_ROW = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
# The items already delivered, and ids for the others, in one round trip.
_PREPARE = (
    "SELECT (SELECT coalesce(array_agg(external_id), '{}') FROM feedback_message WHERE channel_id = %s AND external_id = ANY(%s)), "
    "(SELECT array_agg(nextval(pg_get_serial_sequence('feedback_message', 'id'))) FROM generate_series(1, %s))"
)


def _insert(
    channel: Channel, items: Sequence[IncomingMessage], now: datetime, by, event_kind: str, source: str
) -> tuple[list[Message], list[IncomingMessage], list[NewEvent]]:
    """Many items: which were delivered before and ids for the others in one query, then the
    history and the messages (by COPY for a batch). The history's foreign key is checked at commit."""
    from feedback.services.auto_routing import plan

    wanted = [item.external_id for item in items if item.external_id]
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(_PREPARE, [channel.id, wanted, len(items)])
        existing, ids = cursor.fetchone()
    existing = set(existing)
    delivered = [item for item in items if item.external_id in existing]
    items = [item for item in items if item.external_id not in existing]
    if not items:
        return [], delivered, []
    rules = DeadlineRules.current()
    terms: dict = {}
    messages = [_build(item, channel, now, rules, terms) for item in items]
    for message, pk in zip(messages, ids, strict=False):
        message.id = pk
        message.number = f"{pk:08d}"  # as the database makes it (Message.number); replaced by what it returns
        message._state.adding, message._state.db = False, "default"
    classified = [(m, item.category) for m, item in zip(messages, items, strict=True) if item.category is not None]
    routing = plan(classified, source=source, rules=rules, now=now) if classified else []
    events = [_first_event(message, item, channel, event_kind) for message, item in zip(messages, items, strict=True)]
    events_insert(events + routing, by=by, at=now)
    rows = [tuple(getattr(m, column) for column in _COLUMNS) for m in messages]
    with transaction.get_connection().cursor() as cursor:
        if len(rows) >= COPY_FROM:
            returned = _insert_copied(cursor, rows)
        else:
            returned = execute_values(cursor, _INSERT, _ROW, rows)
    if len(returned) != len(messages):
        raise _Raced
    made = {row[0]: row for row in returned}
    for message in messages:
        _pk, message.number, message.created_at, message.updated_at = made[message.id]
    return messages, delivered, routing


# One message with its history in one statement: the message is inserted unless (channel,
# external_id) was delivered before, and its events with the id it got. A single delivery (the
# API, Open311, the web form) makes one round trip here instead of three.
_ONE_COLUMNS = _COLUMNS[1:]
# Three pieces around the two VALUES lists, joined as text: a placeholder left in the statement
# could be matched inside a resident's text already quoted into it.
_ONE = (
    f"WITH m AS (INSERT INTO feedback_message ({', '.join(_ONE_COLUMNS)}) VALUES ",
    " ON CONFLICT (channel_id, external_id) DO NOTHING RETURNING id, number, created_at, updated_at), "
    "e AS (INSERT INTO feedback_messageevent (message_id, at, actor_id, actor_role, kind, from_status, to_status, note, data) "
    "SELECT m.id, v.* FROM m, (VALUES ",
    ") AS v (at, actor_id, actor_role, kind, from_status, to_status, note, data) RETURNING id, kind) "
    "SELECT m.id, m.number, m.created_at, m.updated_at, "
    "(SELECT array_agg(e.id ORDER BY e.id) FROM e), (SELECT array_agg(e.kind ORDER BY e.id) FROM e) FROM m",
)
_ONE_ROW = "(" + ", ".join(["%s"] * len(_ONE_COLUMNS)) + ")"
_ONE_EVENT_ROW = "(%s::timestamptz, %s::bigint, %s, %s, %s, %s, %s, %s::jsonb)"


def _insert_one(
    channel: Channel, items: Sequence[IncomingMessage], now: datetime, by, event_kind: str, source: str
) -> tuple[list[Message], list[IncomingMessage], list[NewEvent]]:
    """`_insert` for one item, in one statement (_ONE)."""
    from feedback.services.auto_routing import plan

    [item] = items
    rules = DeadlineRules.current()
    message = _build(item, channel, now, rules, {})  # no id yet: the insert gives it
    routing = plan([(message, item.category)], source=source, rules=rules, now=now) if item.category is not None else []
    events = [_first_event(message, item, channel, event_kind), *routing]
    history = [row[1:] for row in event_rows(events, by=by, at=now)]  # the message's id comes from the insert
    with transaction.get_connection().cursor() as cursor:
        head, middle, tail = _ONE
        values = values_sql(cursor, _ONE_ROW, [tuple(getattr(message, c) for c in _ONE_COLUMNS)])
        cursor.execute(head + values + middle + values_sql(cursor, _ONE_EVENT_ROW, history) + tail)
        row = cursor.fetchone()
    if row is None:  # delivered before
        return [], [item], []
    message.id, message.number, message.created_at, message.updated_at, event_ids, kinds = row
    message._state.adding, message._state.db = False, "default"
    # Events get their ids in the order they are listed, which is the order of `events`.
    assert kinds == [e.kind for e in events], kinds
    events_inserted(events, event_ids, at=now)
    return [message], [], routing


# A batch is copied into a temporary table of the session (emptied at commit), then inserted
# from there with the same conflict rule and returned values as a VALUES list.
_STAGING = "intake_message_rows"
_STAGING_CREATE = (
    f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} ON COMMIT DELETE ROWS AS "
    f"SELECT {', '.join(_COLUMNS)} FROM feedback_message WITH NO DATA"
)
_STAGING_INSERT = (
    f"INSERT INTO feedback_message ({', '.join(_COLUMNS)}) SELECT {', '.join(_COLUMNS)} FROM {_STAGING} "
    "ON CONFLICT (channel_id, external_id) DO NOTHING RETURNING id, number, created_at, updated_at"
)


def _insert_copied(cursor, rows: list[tuple]) -> list[tuple]:
    cursor.execute(_STAGING_CREATE)
    copy_rows(cursor, _STAGING, _COLUMNS, rows)
    cursor.execute(_STAGING_INSERT)
    returned = cursor.fetchall()
    # Emptied now too: an enclosing transaction (an import, a test) may insert another batch.
    cursor.execute(f"DELETE FROM {_STAGING}")
    return returned


def message_create(*, channel: Channel, item: IncomingMessage, by=None) -> Message:
    """One message; for an already delivered (channel, external_id) returns the existing one."""
    result = messages_ingest(channel=channel, items=[item], by=by)
    if result.created:
        return result.created[0]
    return Message.objects.get(channel=channel, external_id=item.external_id)
