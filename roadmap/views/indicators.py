"""Indicator pages beyond the generic document pages (roadmap.views.documents): the list with this
year's plan and actual, and the actual value its responsible person enters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cur.roles import RoleCode
from roadmap.access import holds, readable_sectors, responsible_sector_ids
from roadmap.forms.indicators import ActualForm
from roadmap.models import IndicatorPlan
from roadmap.selectors.indicators import indicator_list
from roadmap.services import indicators as service
from roadmap.services.approvals import ApprovalRefused
from roadmap.views.common import refused, require_projects, sector_param
from roadmap.views.documents.access import document_for_user
from roadmap.views.documents.indicator import INDICATOR


@login_required
@require_GET
def indicator_list_view(request):
    require_projects(request.user)
    sector_id = sector_param(request)
    return render(request, "roadmap/indicator_list.html", {
        "indicators": indicator_list(request.user, sector_id),
        "sectors": readable_sectors(request.user),
        "selected": sector_id,
        "may_create": bool(responsible_sector_ids(request.user)) or holds(request.user, RoleCode.HEAD),
        "section": "indicators",
    })


@login_required
@require_POST
def indicator_actual(request, pk: int, plan_pk: int):
    indicator = document_for_user(request.user, INDICATOR, pk)
    plan = get_object_or_404(IndicatorPlan, pk=plan_pk, indicator=indicator)
    back = INDICATOR.detail_url(indicator)
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
