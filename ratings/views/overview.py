"""GET /overview/: the head's overview of all sector blocks, and its read-only governor's variant.

Who reads individual messages gets click-throughs into the queue; the governor's office works
with aggregates only (DESIGN.md §1), so its page has no link to a message and no staffing part,
which is the head's internal matter (Положение, п.13.8).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cur.access import Access, access_for
from cur.access_rules import OVERVIEW_INTERNAL_ROLES
from cur.roles import OVERVIEW_ROLES
from ratings.periods import PERIOD_CHOICES, period_from_key
from ratings.selectors.overview import overview as overview_of
from roadmap.selectors.behind_schedule import behind_schedule

# Overview roles that run the ЦУР, as opposed to the governor's office reading its results.
INTERNAL_ROLES = OVERVIEW_INTERNAL_ROLES


def may_see_overview(access: Access) -> bool:
    return access.is_superuser or bool(access.roles & OVERVIEW_ROLES)


def sees_internals(access: Access) -> bool:
    return access.is_superuser or bool(access.roles & INTERNAL_ROLES)


@login_required
@require_GET
def overview(request):
    access = access_for(request.user)
    if not may_see_overview(access):
        raise PermissionDenied(_("Сводка по отраслевым блокам доступна руководству ЦУР и аппарату губернатора."))
    period = period_from_key(request.GET.get("period"), timezone.localdate())
    return render(request, "ratings/overview.html", {
        "overview": overview_of(period, with_workload=sees_internals(access)),
        "period_choices": PERIOD_CHOICES,
        "links": access.reads_all_messages,
        "now": timezone.now(),
        "behind_rows": behind_schedule() if sees_internals(access) else [],
    })
