"""A user's roles and scopes (DESIGN.md §1): the base of every access check in the portal.

Roles belong to the official linked to a user; a person may hold several. Sector-scoped roles
carry their sectors, agency staff their agency. The officials and their role assignments are
the sectors app's data: it hands its loader over at start-up (sectors.apps), so this kernel
module imports no app. Which roles open which page: cur.access_rules; which messages a user
sees: feedback.access.
"""

from __future__ import annotations

from dataclasses import dataclass

from cur.roles import AGENCY_SCOPED, READ_ALL_MESSAGES, SECTOR_SCOPED


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

# (user) -> iterable of (role code, sector id or None, agency id or None), one row per assignment
# and sector; set by the sectors app when Django starts.
_load_assignments = None


def use_assignment_loader(loader) -> None:
    global _load_assignments
    _load_assignments = loader


def access_for(user) -> Access:
    """The user's roles and scopes, read with one query and cached on the user object."""
    if user is None or not user.is_authenticated:
        return NO_ACCESS
    cached = getattr(user, "_cur_access", None)
    if cached is not None:
        return cached
    rows = _load_assignments(user)
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
