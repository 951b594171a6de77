"""Who holds a role now, with the sectors it covers: the recipients of notifications."""

from __future__ import annotations

from collections.abc import Iterable

from sectors.models import RoleAssignment


def role_holders(codes: Iterable[str]) -> dict[str, dict[int, set[int]]]:
    """{role code: {user id: the sector ids of that role}} for active people with a user account."""
    codes = list(codes)
    found: dict[str, dict[int, set[int]]] = {code: {} for code in codes}
    rows = RoleAssignment.objects.filter(
        role__code__in=codes, official__is_active=True, official__user__isnull=False, official__user__is_active=True,
    ).values_list("official__user_id", "role__code", "sectors__id")
    for user_id, code, sector_id in rows:
        sectors = found[code].setdefault(user_id, set())
        if sector_id is not None:
            sectors.add(sector_id)
    return found
