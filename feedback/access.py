"""Which messages a user sees and whose personal data (DESIGN.md §1): every view and every query
of messages goes through here.

Operators, the head and the curator see all messages; sector-scoped roles the messages of their
sectors; agency staff only the messages routed to their agency — another agency's message does
not exist for them (404). Residents' personal data only for roles that need it; every view of it
by agency staff is logged (152-ФЗ).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cur.access import access_for
from cur.roles import AGENCY_SCOPED, PERSONAL_DATA_ROLES, SECTOR_SCOPED, RoleCode
from feedback.models import Message, PersonalDataView


def visible_messages(user, queryset: QuerySet | None = None) -> QuerySet:
    """The messages this user may see: the base of every message query in the portal."""
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
        PersonalDataView.objects.create(user=user, message=message)
    return {
        "name": message.author_name,
        "email": message.author_email,
        "phone": message.author_phone,
        "address": message.author_address,
        "handle": message.author_handle,
    }
