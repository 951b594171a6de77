"""What a system may read: an agency's system the messages routed to its agency, any other system
the messages of its own channel. Everything else does not exist for it (404).
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from cur.numbers import as_id
from feedback.models import Answer, AnswerKind, AnswerReview, IntegrationSystem, Message, MessageEvent

# Internal notes of the ЦУР (comments, answer reviews) are not for outside systems: the history
# they get says what happened and when, not what operators wrote.
PAGE = 500


def message_scope(system: IntegrationSystem) -> Q:
    if system.agency_id:
        return Q(agency_id=system.agency_id)
    return Q(channel_id=system.channel_id)


def message_for_system(system: IntegrationSystem, number: str) -> Message | None:
    pk = as_id(number)
    if pk is None:
        return None
    answers = Answer.objects.order_by("created_at", "id")
    if not system.agency_id:
        # The channel's system passes on to the resident what the ЦУР accepted, and interim answers.
        answers = answers.filter(Q(kind=AnswerKind.INTERIM) | Q(review=AnswerReview.ACCEPTED))
    return (
        Message.objects.filter(message_scope(system), pk=pk)
        .select_related("channel", "kind", "agency")
        .prefetch_related(
            Prefetch("answers", queryset=answers, to_attr="api_answers"),
            Prefetch("events", queryset=MessageEvent.objects.order_by("at", "id"), to_attr="api_events"),
        )
        .first()
    )


def encode_cursor(at: datetime, event_id: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{event_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        at, event_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        parsed = datetime.fromisoformat(at)
        return (parsed, int(event_id)) if timezone.is_aware(parsed) else None
    except (ValueError, UnicodeError):
        return None


def changes_since(system: IntegrationSystem, *, since: datetime, after: tuple[datetime, int] | None, limit: int | None = None) -> tuple[list[dict], tuple[datetime, int] | None]:
    """Messages whose history got events since `since`, in the order of the events.

    Read from the history's time index (a BRIN on `at`), not from the messages' unindexed
    `updated_at`. Events of the last API_CHANGES_LAG_SECONDS are left for the next request: a
    transaction stamps its events with its start time, so a slow one could otherwise commit events
    behind a cursor a client has already passed.
    """
    limit = limit or PAGE
    horizon = timezone.now() - timedelta(seconds=settings.API_CHANGES_LAG_SECONDS)
    events = MessageEvent.objects.filter(at__gte=since, at__lte=horizon).filter(
        **{f"message__{k}": v for k, v in _scope_kwargs(system).items()}
    )
    if after is not None:
        events = events.filter(Q(at__gt=after[0]) | Q(at=after[0], id__gt=after[1]))
    rows = list(
        events.order_by("at", "id").values_list("id", "at", "kind", "message_id", "message__number", "message__external_id", "message__status")[:limit]
    )
    latest: dict[int, dict] = {}
    for _event_id, at, kind, message_id, number, external_id, status in rows:
        latest.pop(message_id, None)  # re-inserted: the order is that of the message's last event
        latest[message_id] = {"number": number, "external_id": external_id, "status": status, "changed_at": at, "event": kind}
    cursor = (rows[-1][1], rows[-1][0]) if len(rows) == limit else None
    return list(latest.values()), cursor


def _scope_kwargs(system: IntegrationSystem) -> dict:
    return {"agency_id": system.agency_id} if system.agency_id else {"channel_id": system.channel_id}



