"""Creating messages from any source: forms, imports, APIs, channel adapters.

Idempotent on (channel, external_id): delivering the same item twice never makes a second
message. Deadlines are computed and stored at registration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback.deadlines import DeadlineRules
from feedback.models import Channel, EventKind, Message, MessageEvent, MessageKind, MessageStatus
from feedback.services.suggestions import queue_analysis


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


@dataclass
class IngestResult:
    created: list[Message]
    duplicates: list[IncomingMessage]


def _build(item: IncomingMessage, channel: Channel, now: datetime, rules: DeadlineRules) -> Message:
    kind = item.kind or channel.default_kind
    if kind is None:
        raise ValueError(f"Для канала «{channel.name}» не задан вид сообщения по умолчанию.")
    registered_at = max(now, item.received_at)
    deadlines = rules.deadlines_for(kind, registered_at, channel_id=channel.id)
    return Message(
        channel=channel,
        kind=kind,
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
        status=MessageStatus.NEW,
        deadline_at=deadlines.answer,
        first_response_due_at=deadlines.first_response,
    )


def messages_ingest(
    *, channel: Channel, items: Sequence[IncomingMessage], by=None, event_kind: str = EventKind.CREATED,
    analyse: bool | None = None,
) -> IngestResult:
    """Create the items that are new for this channel; report the rest as duplicates.

    The new messages are analysed (suggestion, tone, auto-routing) by a Celery task after the
    commit; `analyse=False` (or CUR_ANALYSE_ON_INTAKE off) skips it, e.g. for an archive import.
    """
    now = timezone.now()
    wanted = [i.external_id for i in items if i.external_id]
    existing = set(
        Message.objects.filter(channel=channel, external_id__in=wanted).values_list("external_id", flat=True)
    ) if wanted else set()
    fresh: list[IncomingMessage] = []
    duplicates: list[IncomingMessage] = []
    seen: set[str] = set()
    for item in items:
        if item.external_id and (item.external_id in existing or item.external_id in seen):
            duplicates.append(item)
            continue
        if item.external_id:
            seen.add(item.external_id)
        fresh.append(item)
    if not fresh:
        return IngestResult(created=[], duplicates=duplicates)
    try:
        with transaction.atomic():
            created = _insert(channel, fresh, now, by, event_kind)
    except IntegrityError:
        # Another process delivered some of the same items meanwhile: go one by one.
        created = []
        with transaction.atomic():
            for item in fresh:
                try:
                    with transaction.atomic():
                        created.extend(_insert(channel, [item], now, by, event_kind))
                except IntegrityError:
                    # Only a clash on (channel, external_id) is a duplicate; any other broken rule
                    # is the caller's bug: it is raised, and nothing of the batch is written.
                    if not _delivered(channel, item):
                        raise
                    duplicates.append(item)
    if created and (settings.CUR_ANALYSE_ON_INTAKE if analyse is None else analyse):
        queue_analysis([message.pk for message in created])
    return IngestResult(created=created, duplicates=duplicates)


def _delivered(channel: Channel, item: IncomingMessage) -> bool:
    return bool(item.external_id) and Message.objects.filter(channel=channel, external_id=item.external_id).exists()


def _insert(channel: Channel, items: Sequence[IncomingMessage], now: datetime, by, event_kind: str) -> list[Message]:
    rules = DeadlineRules.load()
    messages = Message.objects.bulk_create([_build(item, channel, now, rules) for item in items])
    # item.extra (e.g. the file and line an import took the message from) stays in the history.
    MessageEvent.objects.bulk_create(
        MessageEvent(
            message=message,
            at=now,
            actor=by,
            kind=event_kind,
            to_status=MessageStatus.NEW,
            note=f"Канал: {channel.name}",
            data=dict(item.extra),
        )
        for message, item in zip(messages, items, strict=True)
    )
    return messages


def message_create(*, channel: Channel, item: IncomingMessage, by=None) -> Message:
    """One message; for an already delivered (channel, external_id) returns the existing one."""
    result = messages_ingest(channel=channel, items=[item], by=by)
    if result.created:
        return result.created[0]
    return Message.objects.get(channel=channel, external_id=item.external_id)
