"""Who may open what: every area's roles in one place, so a reader finds the whole picture here
and the navigation (cur.navigation) shows a link only to whom the page opens.

Rules that depend on data — a sector lead sees only his sectors' messages, agency staff only
their agency's — live with that data: feedback.access (messages and personal data),
roadmap.access (projects and who signs), ratings.views.ratings_access (drill-down). They build on
the sets below and on the scopes of cur.roles.
"""

from __future__ import annotations

from cur.roles import (
    AGENCY_SCOPED,
    OVERVIEW_ROLES,
    READ_ALL_MESSAGES,
    READ_ALL_STATISTICS,
    SECTOR_SCOPED,
    RoleCode,
)

# Messages: the queue and cards (each sees the messages of his scope); triage acts.
QUEUE_ROLES = READ_ALL_MESSAGES | SECTOR_SCOPED | AGENCY_SCOPED
CUR_STAFF = frozenset({RoleCode.OPERATOR, RoleCode.HEAD})
AGENCY_STAFF = AGENCY_SCOPED
# Suggested mass problems: read by those who read the messages of all or of their sectors; joined by the ЦУР's staff.
MASS_PROBLEM_READERS = READ_ALL_MESSAGES | SECTOR_SCOPED
MASS_PROBLEM_ACTORS = CUR_STAFF

# Statistics: the sector dashboard (sector roles, for their sectors), the overview, the slices.
SECTOR_DASHBOARD_ROLES = SECTOR_SCOPED
OVERVIEW_INTERNAL_ROLES = OVERVIEW_ROLES - {RoleCode.GOVERNOR_OFFICE}
STATISTICS_ROLES = READ_ALL_STATISTICS | SECTOR_SCOPED

# Ratings: tables for these; the drill-down into messages only for those who read all messages.
RATING_ROLES = READ_ALL_MESSAGES | SECTOR_SCOPED | frozenset({RoleCode.GOVERNOR_OFFICE})

# The monthly report to the governor: the head makes it, the curator reads drafts, these read final versions.
REPORT_MANAGERS = frozenset({RoleCode.HEAD})
REPORT_DRAFT_READERS = REPORT_MANAGERS | {RoleCode.CURATOR}
REPORT_READERS = REPORT_DRAFT_READERS | {RoleCode.RESPONSIBLE_EXECUTIVE, RoleCode.DIRECTION_LEAD, RoleCode.GOVERNOR_OFFICE}

# Projects and the ЦУР's roadmap (DESIGN.md §5): leadership reads all, sector roles their sectors'.
READ_ALL_PROJECTS = frozenset(
    {
        RoleCode.CURATOR,
        RoleCode.HEAD,
        RoleCode.RESPONSIBLE_EXECUTIVE,
        RoleCode.TECHNICAL_EXECUTIVE,
        RoleCode.DIRECTION_LEAD,
        RoleCode.GOVERNOR_OFFICE,
    }
)
READ_OWN_SECTOR_PROJECTS = frozenset({RoleCode.SECTOR_RESPONSIBLE, RoleCode.SECTOR_LEAD})
PROJECT_ROLES = READ_ALL_PROJECTS | READ_OWN_SECTOR_PROJECTS
# The roadmap of the ЦУР itself: its leadership and those who own roadmap items.
ROADMAP_ROLES = READ_ALL_PROJECTS | frozenset({RoleCode.SECTOR_RESPONSIBLE})

# Agencies' webhook delivery log: all agencies for these, his own agency's for agency staff.
WEBHOOK_LOG_ALL_ROLES = frozenset({RoleCode.HEAD, RoleCode.TECHNICAL_EXECUTIVE})
WEBHOOK_LOG_ROLES = WEBHOOK_LOG_ALL_ROLES | AGENCY_SCOPED

# The classifier's page: versions, thresholds, acceptance.
CLASSIFIER_ROLES = frozenset({RoleCode.HEAD})
