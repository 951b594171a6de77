"""Who may read and who may sign the ЦУР's project documents (DESIGN.md §1, §5).

Reading: the ЦУР's leadership and the governor's office read every project; sector-scoped roles
read their sectors' projects; operators and agency staff do not work with projects.

Signing is stricter than reading: a decision is legally meaningful (Положение п.14–15), so it
needs the role itself. A superuser account (the demo head's, for the admin) reads everything but
signs only in the roles its official holds.
"""

from __future__ import annotations

from cur.access import Access, access_for
from cur.access_rules import PROJECT_ROLES, READ_ALL_PROJECTS, READ_OWN_SECTOR_PROJECTS, ROADMAP_ROLES  # noqa: F401 - used through this module too
from cur.roles import RoleCode


def holds(user, role: str) -> bool:
    """The user's official holds this role (no superuser shortcut: see the module's docstring)."""
    return role in access_for(user).roles


def responsible_sector_ids(user) -> frozenset[int]:
    """Sectors the user is the sector responsible for (not those he leads as a sector lead)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cur_responsible_sectors", None)
    if cached is not None:
        return cached
    from sectors.models import RoleAssignment

    ids = frozenset(
        RoleAssignment.objects.filter(
            official__user=user, official__is_active=True, role__code=RoleCode.SECTOR_RESPONSIBLE, sectors__isnull=False
        ).values_list("sectors__id", flat=True)
    )
    user._cur_responsible_sectors = ids
    return ids


def reads_all_projects(access: Access) -> bool:
    return access.is_superuser or bool(access.roles & READ_ALL_PROJECTS)


def may_open_projects(user) -> bool:
    access = access_for(user)
    return reads_all_projects(access) or bool(access.roles & READ_OWN_SECTOR_PROJECTS and access.sector_ids)


def readable_sector_ids(user) -> frozenset[int] | None:
    """None: every sector; otherwise the sectors whose projects the user reads."""
    access = access_for(user)
    if reads_all_projects(access):
        return None
    if access.roles & READ_OWN_SECTOR_PROJECTS:
        return access.sector_ids
    return frozenset()


def readable_sectors(user):
    """The sectors whose projects the user reads, in the sectors' order (a queryset)."""
    from sectors.models import Sector

    ids = readable_sector_ids(user)
    sectors = Sector.objects.filter(is_active=True) if ids is None else Sector.objects.filter(id__in=ids)
    return sectors.order_by("order", "name")


def may_read_sector(user, sector_id: int) -> bool:
    ids = readable_sector_ids(user)
    return ids is None or sector_id in ids


def may_draft_for(user, sector_id: int) -> bool:
    return sector_id in responsible_sector_ids(user)


def may_open_roadmap(user) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.roles & ROADMAP_ROLES)
