"""Classifying and routing messages without an operator: at intake (a category the source named)
and by the classifier. The same steps as `message_classify` and `message_route`
(feedback.services.triage), for many messages at once: a few queries for a thousand messages.

Only NEW messages are touched: one an operator already took up is the operator's. No routing rule
for the category and place → the message stays classified, for an operator to route.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cur import id_queue
from cur.process_cache import remembered
from cur.sql import execute_values
from feedback.deadlines import DeadlineRules
from feedback.models import EventKind, Message, MessageStatus
from feedback.services.events import NewEvent, events_insert
from feedback.services.triage import recompute_deadlines, refresh_overdue
from sectors.models import Category
from sectors.services.routing import RoutingTable


def _usable() -> dict[int, Category]:
    """The categories that apply, with their sector and parent, kept in the process for seconds
    (cur.process_cache: a category withdrawn here is forgotten at once, elsewhere within seconds)."""
    return remembered("usable-categories", lambda: {
        c.id: c for c in Category.objects.filter(is_active=True, sector__is_active=True).select_related("sector", "parent")
    })


def plan(pairs: Sequence[tuple[Message, Category]], *, source: str, rules: DeadlineRules, now: datetime) -> list[NewEvent]:
    """Set sector, category, deadlines, agency and status on the messages in memory; the events
    that say so. Messages that are not NEW or whose category no longer applies are left alone."""
    categories = _usable()
    wanted = [(m, categories[c.id]) for m, c in pairs if c.id in categories and m.status == MessageStatus.NEW]
    table = RoutingTable.current()
    events: list[NewEvent] = []
    for message, category in wanted:
        before = {"sector": message.sector_id, "category": message.category_id, "deadline": message.deadline_at}
        message.sector, message.category = category.sector, category
        deadline_changed = recompute_deadlines(message, rules)
        message.status = MessageStatus.CLASSIFIED
        refresh_overdue(message, now)
        events.append(NewEvent(
            message, EventKind.CLASSIFIED, MessageStatus.NEW, MessageStatus.CLASSIFIED, f"{category.sector.name} / {category}",
            {
                "before": {k: str(v) if v else None for k, v in before.items()}, "category": category.id,
                "deadline_changed": deadline_changed, "auto": source,
            },
            agency_id=message.agency_id,
        ))
        agency = table.agency_for(category, message.municipality_id)
        if agency is None:
            continue
        previous = message.agency_id
        message.agency = agency
        message.status = MessageStatus.ROUTED
        events.append(NewEvent(
            message, EventKind.ROUTED, MessageStatus.CLASSIFIED, MessageStatus.ROUTED, str(agency),
            {"agency": agency.id, "previous_agency": previous, "auto": source}, agency_id=agency.id,
        ))
    return events


def notify_routed_on_commit(events: Sequence[NewEvent]) -> None:
    """The agency hears of each routed message after the commit, as after `message_route`; the
    messages routed in the next moment go in one task (cur.id_queue)."""
    id_queue.queue_on_commit({"feedback.tasks.notify_agencies_of_queued_routed_messages": routed_ids(events)})


def routed_ids(events: Sequence[NewEvent]) -> list[int]:
    return [e.message.pk for e in events if e.kind == EventKind.ROUTED]


_UPDATE = """
UPDATE feedback_message AS m SET sector_id = v.sector_id, category_id = v.category_id, agency_id = v.agency_id,
    status = v.status, deadline_at = v.deadline_at, first_response_due_at = v.first_response_due_at,
    is_overdue = v.is_overdue, reroute_requested_at = NULL, reroute_reason = ''
FROM (VALUES %s) AS v (id, sector_id, category_id, agency_id, status, deadline_at, first_response_due_at, is_overdue)
WHERE m.id = v.id
"""
_ROW = "(%s::bigint, %s::bigint, %s::bigint, %s::bigint, %s, %s::timestamptz, %s::timestamptz, %s::boolean)"


@transaction.atomic
def messages_classify_and_route(*, pairs: Sequence[tuple[Message, Category]], by=None, source: str) -> list[Message]:
    """Classify NEW messages into the given categories and route those a rule knows the agency
    of; `source` (e.g. "classifier") is kept in the events' data as {"auto": source}.
    Returns the messages changed, as they are now."""
    wanted: dict[int, Category] = {}
    for message, category in pairs:
        wanted.setdefault(message.pk, category)
    if not wanted:
        return []
    # Locked, so an operator acting meanwhile either goes first (the message is no longer NEW) or waits.
    messages = list(
        Message.objects.select_for_update(of=("self",)).select_related("kind")
        .filter(pk__in=wanted, status=MessageStatus.NEW).order_by("pk")
    )
    now = timezone.now()
    events = plan([(m, wanted[m.pk]) for m in messages], source=source, rules=DeadlineRules.load(), now=now)
    changed = list({id(e.message): e.message for e in events}.values())
    if not changed:
        return []
    rows = [
        (m.pk, m.sector_id, m.category_id, m.agency_id, m.status, m.deadline_at, m.first_response_due_at, m.is_overdue)
        for m in changed
    ]
    with transaction.get_connection().cursor() as cursor:
        execute_values(cursor, _UPDATE, _ROW, rows)
    for m in changed:
        m.reroute_requested_at, m.reroute_reason = None, ""
    events_insert(events, by=by, at=now)
    notify_routed_on_commit(events)
    return changed
