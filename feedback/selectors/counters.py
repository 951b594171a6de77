"""The in-app counter of new work in the navigation bar: what waits for this user now."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q

from cur.access import access_for
from cur.roles import RoleCode
from feedback.access import visible_messages
from feedback.models import MessageStatus

CACHE_SECONDS = 30


@dataclass(frozen=True)
class NewItems:
    total: int
    parts: tuple[tuple[str, int], ...]


def _count_for_triage(user) -> NewItems:
    counts = visible_messages(user).filter(
        Q(status__in=[MessageStatus.NEW, MessageStatus.ANSWERED]) | Q(reroute_requested_at__isnull=False)
    ).aggregate(
        new=Count("id", filter=Q(status=MessageStatus.NEW)),
        review=Count("id", filter=Q(status=MessageStatus.ANSWERED)),
        reroute=Count("id", filter=Q(reroute_requested_at__isnull=False)),
    )
    parts = (("новые", counts["new"]), ("ответы на проверке", counts["review"]), ("запросы переадресации", counts["reroute"]))
    return NewItems(sum(n for _, n in parts), parts)


def _count_for_agency(user) -> NewItems:
    counts = visible_messages(user).filter(
        status__in=[MessageStatus.ROUTED, MessageStatus.RETURNED, MessageStatus.REOPENED]
    ).aggregate(
        routed=Count("id", filter=Q(status=MessageStatus.ROUTED)),
        returned=Count("id", filter=Q(status=MessageStatus.RETURNED)),
        reopened=Count("id", filter=Q(status=MessageStatus.REOPENED)),
    )
    parts = (("новые", counts["routed"]), ("возвращены на доработку", counts["returned"]), ("возобновлены", counts["reopened"]))
    return NewItems(sum(n for _, n in parts), parts)


def new_items_for(user) -> NewItems | None:
    """None for users who triage nothing; cached briefly so every page does not count again."""
    access = access_for(user)
    if access.has(RoleCode.OPERATOR, RoleCode.HEAD):
        counter = _count_for_triage
    elif RoleCode.AGENCY_EXECUTOR in access.roles:
        counter = _count_for_agency
    else:
        return None
    key = f"new-items:{user.pk}"
    items = cache.get(key)
    if items is None:
        items = counter(user)
        cache.set(key, items, CACHE_SECONDS)
    return items
