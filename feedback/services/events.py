"""Writing a message's history: every change is one immutable event."""

from __future__ import annotations

from django.db import transaction

from cur.access import access_for
from feedback.models import Message, MessageEvent
from feedback.webhooks.events import deliveries_queue

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
