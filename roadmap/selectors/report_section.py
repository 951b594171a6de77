"""The roadmap and projects section of the governor's monthly report (DESIGN.md §4).

`roadmap_report_section(month)` answers for the month (any date in it): the roadmap's completion
at the end of the month, its items due in the month and those overdue by its end, passports by
state, and indicators behind schedule. None when there is nothing to report (no roadmap for the
year and no project). Plain values only, ready for a template or a PDF.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.db.models import Count
from django.utils import timezone

from roadmap.approvals.chains import CaseState
from roadmap.models import ItemState, PassportVersion, Project, RoadmapItem, RoadmapVersion
from roadmap.selectors.behind_schedule import behind_schedule
from roadmap.selectors.roadmap import completion, completion_by_responsible


def roadmap_report_section(month: date) -> dict | None:
    first = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    version = RoadmapVersion.objects.filter(year=first.year).first()
    has_projects = Project.objects.exists()
    if version is None and not has_projects:
        return None
    section: dict = {"month": first, "roadmap": None, "passports": {}, "behind_schedule": []}
    if version is not None:
        done_by_month_end = completion(version, today=last)
        due = list(
            RoadmapItem.objects.filter(version=version, deadline__range=(first, last))
            .exclude(state=ItemState.CANCELLED).select_related("responsible").order_by("deadline", "order")
        )
        overdue = list(
            RoadmapItem.objects.filter(version=version, deadline__lte=last)
            .exclude(state__in=[ItemState.DONE, ItemState.CANCELLED]).select_related("responsible").order_by("deadline", "order")
        )
        section["roadmap"] = {
            "year": version.year,
            "percent": done_by_month_end.percent,
            "items_done": done_by_month_end.items_done,
            "items_total": done_by_month_end.items_total,
            "by_responsible": [
                {"name": row.name, "percent": row.completion.percent, "overdue": row.completion.overdue}
                for row in completion_by_responsible(version, today=last)
            ],
            "due_this_month": [_item(i) for i in due],
            "overdue": [_item(i) for i in overdue],
        }
    states = (
        PassportVersion.objects.filter(approval__isnull=False)
        .values("approval__state", "approval__stage").annotate(n=Count("id")).order_by()
    )
    labels = {CaseState.DRAFT: "черновик", CaseState.RETURNED: "на доработке", CaseState.APPROVED: "утверждено"}
    for row in states:
        state = row["approval__state"]
        if state == CaseState.REVIEW:
            label = "на согласовании у руководителя ЦУР" if row["approval__stage"] == 0 else "на утверждении у куратора"
        else:
            label = labels[state]
        section["passports"][label] = section["passports"].get(label, 0) + row["n"]
    section["behind_schedule"] = [
        {
            "indicator": row.indicator.name, "sector": row.indicator.sector.name, "responsible": row.indicator.responsible.full_name,
            "target": row.plan.target, "actual": row.plan.actual, "deadline": row.plan.deadline, "reason": row.reason,
        }
        for row in behind_schedule(today=min(last, timezone.localdate()))
    ]
    return section


def _item(item: RoadmapItem) -> dict:
    return {"title": item.title, "responsible": item.responsible.full_name, "deadline": item.deadline, "state": item.get_state_display()}
