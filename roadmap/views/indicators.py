"""Indicators: the list with this year's plan and actual, a new indicator, one indicator with its
plan-vs-actual chart, the actual values its responsible person enters, and its approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cur.roles import RoleCode
from roadmap.access import holds, readable_sectors, responsible_sector_ids
from roadmap.forms.common import rows_of
from roadmap.forms.indicators import ActualForm, IndicatorForm, PlanFormSet
from roadmap.models import IndicatorKind, IndicatorPlan
from roadmap.selectors import approvals as approval_reads
from roadmap.selectors.indicators import indicator_for_user, indicator_list, plan_chart
from roadmap.selectors.passports import visible_projects
from roadmap.services import indicators as service
from roadmap.services.approvals import ApprovalRefused, actions_for
from roadmap.views.common import refused, require_projects
from roadmap.views.passports import _sector_param
from sectors.models import Sector


@login_required
@require_GET
def indicator_list_view(request):
    require_projects(request.user)
    sector_id = _sector_param(request)
    return render(request, "roadmap/indicator_list.html", {
        "indicators": indicator_list(request.user, sector_id),
        "sectors": readable_sectors(request.user),
        "selected": sector_id,
        "may_create": bool(responsible_sector_ids(request.user)) or holds(request.user, RoleCode.HEAD),
        "section": "indicators",
    })


def _create_scope(user):
    """Sectors and kinds this user may create indicators for: the head — mandatory ones anywhere,
    a sector responsible — additional ones for his sectors."""
    kinds, sector_ids = [], set()
    if holds(user, RoleCode.HEAD):
        kinds.append((IndicatorKind.MANDATORY, IndicatorKind.MANDATORY.label))
        sector_ids |= set(Sector.objects.filter(is_active=True).values_list("id", flat=True))
    own = responsible_sector_ids(user)
    if own:
        kinds.append((IndicatorKind.ADDITIONAL, IndicatorKind.ADDITIONAL.label))
        sector_ids |= set(own)
    return kinds, Sector.objects.filter(id__in=sector_ids).order_by("order", "name")


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request):
    require_projects(request.user)
    kinds, sectors = _create_scope(request.user)
    if not kinds:
        raise PermissionDenied(_("Показатели вносят руководитель ЦУР (обязательные) и ответственные за блоки (дополнительные)."))
    data = request.POST if request.method == "POST" else None
    form = IndicatorForm(data, sectors=sectors, kinds=kinds, projects=visible_projects(request.user).filter(sector__in=sectors))
    plans = PlanFormSet(data, prefix="plans")
    error = ""
    if data is not None and form.is_valid() and plans.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("sector", "kind")}
        try:
            indicator = service.indicator_create(
                sector=form.cleaned_data["sector"], kind=form.cleaned_data["kind"], by=request.user, fields=fields, plans=rows_of(plans),
            )
        except ApprovalRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Показатель сохранён."))
            return redirect("roadmap:indicator", indicator.pk)
    return render(request, "roadmap/indicator_form.html", {
        "form": form, "plans": plans, "error": error, "indicator": None, "section": "indicators",
    }, status=400 if data is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    require_projects(request.user)
    indicator = indicator_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else None
    initial = {f: getattr(indicator, f) for f in service.FIELDS}
    initial["project"], initial["responsible"] = indicator.project_id, indicator.responsible_id
    form = IndicatorForm(data, initial=initial, projects=visible_projects(request.user).filter(sector_id=indicator.sector_id))
    plans = PlanFormSet(data, prefix="plans", initial=None if data else [
        {"year": p.year, "deadline": p.deadline, "target": p.target} for p in indicator.plans.all()
    ])
    if data is None:
        plans.extra = 0
    error = ""
    if data is not None and form.is_valid() and plans.is_valid():
        try:
            service.indicator_update(indicator=indicator, by=request.user, fields=form.cleaned_data, plans=rows_of(plans))
        except ApprovalRefused as exc:
            return refused(request, exc, reverse("roadmap:indicator", args=[pk]))
        messages.success(request, _("Показатель сохранён."))
        return redirect("roadmap:indicator", indicator.pk)
    return render(request, "roadmap/indicator_form.html", {
        "form": form, "plans": plans, "error": error, "indicator": indicator, "section": "indicators",
    }, status=400 if data is not None else 200)


@login_required
@require_GET
def indicator_detail(request, pk: int):
    require_projects(request.user)
    indicator = indicator_for_user(request.user, pk)
    may_enter = indicator.responsible.user_id == request.user.pk and service.is_in_force(indicator)
    case = indicator.approval
    return render(request, "roadmap/indicator_detail.html", {
        "indicator": indicator,
        "chart": plan_chart(indicator),
        "case": case,
        "decisions": approval_reads.timeline(case),
        "actions": actions_for(request.user, case) if case else [],
        "may_enter": may_enter,
        "may_edit": (case.is_editable and indicator.sector_id in responsible_sector_ids(request.user)) if case
        else holds(request.user, RoleCode.HEAD),
        "actual_form": ActualForm(),
        "section": "indicators",
    })


@login_required
@require_POST
def indicator_actual(request, pk: int, plan_pk: int):
    require_projects(request.user)
    indicator = indicator_for_user(request.user, pk)
    plan = get_object_or_404(IndicatorPlan, pk=plan_pk, indicator=indicator)
    back = reverse("roadmap:indicator", args=[pk])
    form = ActualForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Введите число, например 42,5."))
        return redirect(back)
    try:
        service.indicator_enter_actual(plan=plan, by=request.user, value=form.cleaned_data["actual"])
    except ApprovalRefused as exc:
        return refused(request, exc, back)
    messages.success(request, _("Факт за %(year)s год сохранён.") % {"year": plan.year})
    return redirect(back)
