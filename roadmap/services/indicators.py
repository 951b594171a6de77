"""Indicators: mandatory ones set by the head from the ministry's methodology, additional ones
proposed by the sector responsible for the curator's approval (Положение п.7.3, п.21); actual
values entered by the indicator's responsible person (п.11.1)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cur.roles import RoleCode
from roadmap.access import holds, may_draft_for
from roadmap.approvals.chains import CaseState
from roadmap.models import Indicator, IndicatorKind, IndicatorPlan
from roadmap.services.approvals import ApprovalRefused, approval_open, check_editable

FIELDS = ("project", "name", "unit", "federal_result", "qualitative", "quantitative", "calculation_method", "higher_is_better", "responsible")


def indicator_title(indicator: Indicator) -> str:
    return _("Дополнительный показатель «%(name)s»") % {"name": indicator.name}


def _plans(indicator: Indicator, plans: list[dict]) -> None:
    years = [p["year"] for p in plans]
    if len(years) != len(set(years)):
        raise ApprovalRefused(_("Год указан в плане дважды: на каждый год — одна строка."))
    if not plans:
        raise ApprovalRefused(_("Запланируйте показатель хотя бы на один год."))
    for plan in plans:
        if plan["deadline"].year != plan["year"]:
            raise ApprovalRefused(_("Срок достижения %(date)s не в %(year)s году.") % {"date": plan["deadline"].strftime("%d.%m.%Y"), "year": plan["year"]})
    kept = {p.year: p for p in indicator.plans.all()}
    indicator.plans.exclude(year__in=years).delete()
    for plan in plans:
        row = kept.get(plan["year"]) or IndicatorPlan(indicator=indicator, year=plan["year"])
        row.deadline, row.target = plan["deadline"], plan["target"]
        row.save()


@transaction.atomic
def indicator_create(*, sector, kind: str, by, fields: dict, plans: list[dict]) -> Indicator:
    if fields.get("project") is not None and fields["project"].sector_id != sector.pk:
        raise ApprovalRefused(_("Проект относится к другому отраслевому блоку."))
    if kind == IndicatorKind.MANDATORY:
        if not holds(by, RoleCode.HEAD):
            raise ApprovalRefused(_("Обязательные показатели по методике министерства вносит руководитель ЦУР."))
    elif not may_draft_for(by, sector.pk):
        raise ApprovalRefused(_("Дополнительный показатель предлагает ответственный за отраслевой блок «%(sector)s».") % {"sector": sector})
    indicator = Indicator.objects.create(sector=sector, kind=kind, created_by=by, **{f: fields[f] for f in FIELDS if f in fields})
    _plans(indicator, plans)
    if kind == IndicatorKind.ADDITIONAL:
        approval_open(document=indicator, author=by, title=indicator_title(indicator))
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, fields: dict, plans: list[dict]) -> Indicator:
    indicator = Indicator.objects.select_for_update(of=("self",)).select_related("approval").get(pk=indicator.pk)
    if indicator.kind == IndicatorKind.ADDITIONAL:
        check_editable(case=indicator.approval, by=by)
    elif not holds(by, RoleCode.HEAD):
        raise ApprovalRefused(_("Обязательные показатели изменяет руководитель ЦУР."))
    for name in FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    indicator.save(update_fields=[f for f in FIELDS if f in fields])
    _plans(indicator, plans)
    return indicator


def is_in_force(indicator: Indicator) -> bool:
    """Mandatory indicators count at once; additional ones once the curator approved them."""
    return indicator.kind == IndicatorKind.MANDATORY or (indicator.approval is not None and indicator.approval.state == CaseState.APPROVED)


@transaction.atomic
def indicator_enter_actual(*, plan: IndicatorPlan, by, value: Decimal) -> IndicatorPlan:
    plan = IndicatorPlan.objects.select_for_update(of=("self",)).select_related("indicator__responsible", "indicator__approval").get(pk=plan.pk)
    indicator = plan.indicator
    if indicator.responsible.user_id != by.pk:
        raise ApprovalRefused(_("Фактическое значение вносит ответственный за показатель: %(name)s.") % {"name": indicator.responsible.full_name})
    if not is_in_force(indicator):
        raise ApprovalRefused(_("Дополнительный показатель ещё не утверждён куратором: факт по нему не вносится."))
    plan.actual, plan.actual_at, plan.actual_by = value, timezone.now(), by
    plan.save(update_fields=["actual", "actual_at", "actual_by"])
    return plan


def indicator_problems(indicator: Indicator) -> list[str]:
    problems = []
    if not indicator.federal_result.strip():
        problems.append(_("не указан результат федерального (ведомственного) проекта"))
    if not (indicator.qualitative.strip() or indicator.quantitative.strip()):
        problems.append(_("не указаны качественные и количественные характеристики"))
    if not indicator.plans.exists():
        problems.append(_("нет плана ни на один год"))
    return problems
