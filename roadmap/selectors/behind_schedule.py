"""Indicators behind schedule, for the dashboards of their responsible persons and of the head.

The rule, for each year-plan of an indicator in force (mandatory, or additional and approved by
the curator), for the current year's plans:

1. the deadline has passed and the actual value does not reach the target (or none was entered);
2. before the deadline, an entered actual value is behind the straight line from where the year
   started (last year's actual value, or 0 when there is none and higher is better) to the target
   on the deadline, pro rata of the days gone since 1 January. When lower is better and last
   year's value is unknown there is no line to compare with, and only rule 1 applies.

Both directions are honoured: for an indicator where lower is better "reaching" means "not above".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roadmap.approvals.chains import CaseState
from roadmap.models import IndicatorKind, IndicatorPlan


@dataclass(frozen=True)
class BehindRow:
    plan: IndicatorPlan
    expected: Decimal
    reason: str

    @property
    def indicator(self):
        return self.plan.indicator


def _reaches(value: Decimal, goal: Decimal, higher_is_better: bool) -> bool:
    return value >= goal if higher_is_better else value <= goal


def expected_on(plan: IndicatorPlan, start_value: Decimal | None, today: date) -> Decimal | None:
    """Where the straight line from 1 January to the deadline stands today (None: no line)."""
    if start_value is None:
        if not plan.indicator.higher_is_better:
            return None
        start_value = Decimal(0)
    year_start = date(plan.year, 1, 1)
    span = (plan.deadline - year_start).days
    if span <= 0:
        return plan.target
    share = Decimal(max(0, min((today - year_start).days, span))) / Decimal(span)
    return (start_value + (plan.target - start_value) * share).quantize(Decimal("0.01"))


def is_behind(plan: IndicatorPlan, start_value: Decimal | None, today: date) -> tuple[bool, Decimal | None, str]:
    higher = plan.indicator.higher_is_better
    if plan.deadline < today:
        if plan.actual is None:
            return True, plan.target, _("срок %(date)s прошёл, факт не внесён") % {"date": plan.deadline.strftime("%d.%m.%Y")}
        if not _reaches(plan.actual, plan.target, higher):
            return True, plan.target, _("срок %(date)s прошёл, цель не достигнута") % {"date": plan.deadline.strftime("%d.%m.%Y")}
        return False, plan.target, ""
    if plan.actual is None:
        return False, None, ""
    expected = expected_on(plan, start_value, today)
    if expected is not None and not _reaches(plan.actual, expected, higher):
        return True, expected, _("отстаёт от равномерного графика к сроку %(date)s") % {"date": plan.deadline.strftime("%d.%m.%Y")}
    return False, expected, ""


def in_force() -> Q:
    return Q(indicator__kind=IndicatorKind.MANDATORY) | Q(indicator__approval__state=CaseState.APPROVED)


def behind_schedule(*, sector_ids=None, responsible_user=None, today: date | None = None) -> list[BehindRow]:
    """The current year's plans behind schedule; `sector_ids` None means every sector.
    Two queries: this year's plans with their indicators, and last year's actual values."""
    today = today or timezone.localdate()
    plans = IndicatorPlan.objects.filter(in_force(), year=today.year).select_related(
        "indicator__sector", "indicator__responsible", "indicator__project"
    )
    if sector_ids is not None:
        plans = plans.filter(indicator__sector_id__in=list(sector_ids))
    if responsible_user is not None:
        plans = plans.filter(indicator__responsible__user=responsible_user)
    plans = list(plans.order_by("deadline", "indicator__name"))
    previous = dict(
        IndicatorPlan.objects.filter(indicator_id__in=[p.indicator_id for p in plans], year=today.year - 1, actual__isnull=False)
        .values_list("indicator_id", "actual")
    )
    rows = []
    for plan in plans:
        behind, expected, reason = is_behind(plan, previous.get(plan.indicator_id), today)
        if behind:
            rows.append(BehindRow(plan, expected, reason))
    return rows
