"""The delivery log: who sees which deliveries, filtered and paged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from cur.access import access_for
from cur.access_rules import WEBHOOK_LOG_ALL_ROLES, WEBHOOK_LOG_ROLES
from cur.numbers import as_id
from cur.roles import RoleCode
from feedback.models import WebhookDelivery

# The head and the technical executive see every agency's deliveries; an agency executor his own.
LOG_ALL_ROLES = WEBHOOK_LOG_ALL_ROLES
LOG_ROLES = WEBHOOK_LOG_ROLES


def visible_deliveries(user) -> QuerySet[WebhookDelivery]:
    access = access_for(user)
    queryset = WebhookDelivery.objects.select_related("endpoint__agency", "message")
    if access.has(*LOG_ALL_ROLES):
        return queryset
    if RoleCode.AGENCY_EXECUTOR in access.roles and access.agency_ids:
        return queryset.filter(endpoint__agency_id__in=access.agency_ids)
    raise PermissionDenied


def filtered(queryset: QuerySet[WebhookDelivery], *, status: str = "", event: str = "", agency_id: int | None = None, number: str = "") -> QuerySet[WebhookDelivery]:
    if status:
        queryset = queryset.filter(status=status)
    if event:
        queryset = queryset.filter(event=event)
    if agency_id:
        queryset = queryset.filter(endpoint__agency_id=agency_id)
    message_id = as_id(number)
    if message_id is not None:
        queryset = queryset.filter(message_id=message_id)
    return queryset
