"""The officials' role assignments, read for cur.access (which imports no app): one query per
user and request, cached on the user object there."""

from __future__ import annotations

from sectors.models import RoleAssignment


def role_assignments(user):
    return RoleAssignment.objects.filter(official__user=user, official__is_active=True).values_list(
        "role__code", "sectors__id", "official__agency_id"
    )
