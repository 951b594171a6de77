"""Who holds a role now, with the sectors it covers: the recipients of notifications."""

from __future__ import annotations

from collections.abc import Iterable

from sectors.models import Official, RoleAssignment


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


def role_holder_emails(role: str, *, sector_id: int | None = None, agency_id: int | None = None) -> set[str]:
    """The addresses of those who hold `role` now (within a sector or an agency when given): the
    official's own address, else his user account's. Inactive officials and disabled accounts get
    no letters. The one rule for every letter the portal sends to a role."""
    officials = Official.objects.filter(is_active=True, role_assignments__role__code=role).exclude(user__is_active=False)
    if sector_id is not None:
        officials = officials.filter(role_assignments__sectors__id=sector_id)
    if agency_id is not None:
        officials = officials.filter(agency_id=agency_id)
    return {email or user_email for email, user_email in officials.values_list("email", "user__email") if email or user_email}
