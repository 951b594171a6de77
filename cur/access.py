"""Who may see what (DESIGN.md §1). Every view and every query of messages goes through here.

Roles belong to the official linked to a user; a person may hold several. Sector-scoped roles
see the messages of their sectors, agency staff only the messages routed to their agency.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cur.roles import AGENCY_SCOPED, PERSONAL_DATA_ROLES, READ_ALL_MESSAGES, SECTOR_SCOPED, RoleCode


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    sector_ids: frozenset[int]
    agency_ids: frozenset[int]
    is_superuser: bool = False

    def has(self, *codes: str) -> bool:
        return self.is_superuser or any(code in self.roles for code in codes)

    @property
    def reads_all_messages(self) -> bool:
        return self.is_superuser or bool(self.roles & READ_ALL_MESSAGES)

    @property
    def is_agency_staff_only(self) -> bool:
        """Agency staff who hold no ЦУР role: their personal-data views are logged."""
        return not self.is_superuser and self.roles <= AGENCY_SCOPED and bool(self.roles)


NO_ACCESS = Access(frozenset(), frozenset(), frozenset())


def access_for(user) -> Access:
    """The user's roles and scopes, read with one query and cached on the user object."""
    if user is None or not user.is_authenticated:
        return NO_ACCESS
    cached = getattr(user, "_cur_access", None)
    if cached is not None:
        return cached
    from sectors.models import RoleAssignment

    rows = RoleAssignment.objects.filter(official__user=user, official__is_active=True).values_list(
        "role__code", "sectors__id", "official__agency_id"
    )
    roles: set[str] = set()
    sectors: set[int] = set()
    agencies: set[int] = set()
    for code, sector_id, agency_id in rows:
        roles.add(code)
        if code in SECTOR_SCOPED and sector_id is not None:
            sectors.add(sector_id)
        if code in AGENCY_SCOPED and agency_id is not None:
            agencies.add(agency_id)
    access = Access(frozenset(roles), frozenset(sectors), frozenset(agencies), bool(user.is_superuser))
    user._cur_access = access
    return access


def visible_messages(user, queryset: QuerySet | None = None) -> QuerySet:
    """The messages this user may see: the base of every message query in the portal."""
    from feedback.models import Message

    qs = Message.objects.all() if queryset is None else queryset
    access = access_for(user)
    if access.reads_all_messages:
        return qs
    scope = Q(pk__in=[])
    if access.roles & SECTOR_SCOPED and access.sector_ids:
        scope |= Q(sector_id__in=access.sector_ids)
    if access.roles & AGENCY_SCOPED and access.agency_ids:
        scope |= Q(agency_id__in=access.agency_ids)
    return qs.filter(scope)


def get_message_for_user(user, pk: int, queryset: QuerySet | None = None):
    """A message the user may see, or 404: another agency's message does not exist for them."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(visible_messages(user, queryset), pk=pk)


def can_see_personal_data(user, message) -> bool:
    access = access_for(user)
    if access.is_superuser or access.roles & PERSONAL_DATA_ROLES:
        return True
    return RoleCode.AGENCY_EXECUTOR in access.roles and message.agency_id in access.agency_ids


def personal_data_for(user, message) -> dict[str, str] | None:
    """The author's personal data if the user may see it; a view by agency staff is logged (152-ФЗ)."""
    if not can_see_personal_data(user, message):
        return None
    access = access_for(user)
    if not (access.is_superuser or access.roles & PERSONAL_DATA_ROLES):
        from feedback.models import PersonalDataView

        PersonalDataView.objects.create(user=user, message=message)
    return {
        "name": message.author_name,
        "email": message.author_email,
        "phone": message.author_phone,
        "address": message.author_address,
        "handle": message.author_handle,
    }
