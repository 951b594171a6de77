"""Reads of the approval mechanism: what waits for a user, and a document's decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.functional import Promise

from cur.access import access_for
from roadmap.access import responsible_sector_ids
from roadmap.approvals.chains import CHAINS, CaseState
from roadmap.approvals.registry import entry_for_content_type
from roadmap.models import ApprovalCase, Decision

WAITING_LIMIT = 20


@dataclass(frozen=True)
class WaitingItem:
    title: str
    kind_label: str | Promise
    state_label: str
    url: str
    since: datetime
    returned: bool


# Roles that take part in some chain; for everyone else nothing can wait, and no query is made.
DECIDING_ROLES = frozenset(
    {chain.author_role for chain in CHAINS.values()} | {stage.role for chain in CHAINS.values() for stage in chain.stages}
)


def waiting_query(user) -> Q | None:
    """Cases that wait for this user's decision: under review at a stage of one of his roles, or
    returned to him as the author for one of his sectors. None: nothing can wait for him."""
    roles = access_for(user).roles & DECIDING_ROLES
    if not roles:
        return None
    condition = Q(state=CaseState.REVIEW, pending_role__in=sorted(roles))
    author_roles = {chain.author_role for chain in CHAINS.values()} & roles
    if author_roles:
        sectors = responsible_sector_ids(user)
        if sectors:
            condition |= Q(state=CaseState.RETURNED, pending_role__in=sorted(author_roles), sector_id__in=sorted(sectors))
    return condition


def waiting_for(user, limit: int = WAITING_LIMIT) -> list[WaitingItem]:
    """One query over every kind of document, oldest first: it has waited longest."""
    condition = waiting_query(user)
    if condition is None:
        return []
    items = []
    for case in ApprovalCase.objects.filter(condition).order_by("updated_at", "id")[:limit]:
        entry = entry_for_content_type(case.content_type_id)
        items.append(WaitingItem(
            title=case.title, kind_label=entry.kind_label, state_label=case.state_label, url=entry.url(case.object_id),
            since=case.updated_at, returned=case.state == CaseState.RETURNED,
        ))
    return items


def timeline(case: ApprovalCase | None) -> list[Decision]:
    if case is None:
        return []
    return list(Decision.objects.filter(case=case).order_by("at", "id"))


def last_remarks(case: ApprovalCase | None) -> Decision | None:
    """The remarks a returned document came back with: what its author has to fix."""
    if case is None or case.state != CaseState.RETURNED:
        return None
    return Decision.objects.filter(case=case).order_by("-at", "-id").first()
