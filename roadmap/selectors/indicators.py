"""Reads of indicators: the list with this year's plan and actual, one indicator with its
plan-vs-actual chart."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cur.charts import ChartSpec
from roadmap.access import readable_sector_ids
from roadmap.models import Indicator, IndicatorPlan
from roadmap.selectors.behind_schedule import is_behind


def visible_indicators(user) -> QuerySet:
    ids = readable_sector_ids(user)
    indicators = Indicator.objects.all()
    return indicators if ids is None else indicators.filter(sector_id__in=ids)


def indicator_list(user, sector_id: int | None = None) -> list[Indicator]:
    """Indicators with their plans (one prefetch) and this year's plan and flag set on each."""
    today = timezone.localdate()
    indicators = (
        visible_indicators(user)
        .select_related("sector", "responsible", "approval", "project")
        .prefetch_related(Prefetch("plans", queryset=IndicatorPlan.objects.order_by("year")))
        .order_by("sector__order", "kind", "name")
    )
    if sector_id is not None:
        indicators = indicators.filter(sector_id=sector_id)
    result = list(indicators)
    for indicator in result:
        _annotate(indicator, today)
    return result


def _annotate(indicator: Indicator, today) -> None:
    plans = list(indicator.plans.all())
    by_year = {p.year: p for p in plans}
    indicator.this_year = by_year.get(today.year)
    indicator.behind = False
    indicator.behind_reason = ""
    for plan in plans:
        plan.indicator = indicator
        previous = by_year.get(plan.year - 1)
        plan.behind, plan.expected, plan.reason = (False, None, "")
        if plan.year == today.year:
            plan.behind, plan.expected, plan.reason = is_behind(plan, previous.actual if previous else None, today)
            indicator.behind, indicator.behind_reason = plan.behind, plan.reason


def indicator_for_user(user, pk: int) -> Indicator:
    indicator = get_object_or_404(
        visible_indicators(user).select_related("sector", "responsible", "approval", "project", "created_by")
        .prefetch_related(Prefetch("plans", queryset=IndicatorPlan.objects.order_by("year").select_related("actual_by"))),
        pk=pk,
    )
    _annotate(indicator, timezone.localdate())
    return indicator


def plan_chart(indicator: Indicator) -> ChartSpec:
    plans = list(indicator.plans.all())
    spec = ChartSpec(title=_("План и факт: %(name)s") % {"name": indicator.name}, type="bar",
                     labels=[str(p.year) for p in plans], unit="score")
    spec.datasets = [
        {"label": _("План"), "data": [float(p.target) for p in plans], "color": "#6c757d"},
        {"label": _("Факт"), "data": [float(p.actual) if p.actual is not None else None for p in plans], "color": "#0d6efd"},
    ]
    return spec
