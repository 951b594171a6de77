"""Project risks: the list (the head's cross-cutting monitoring), a new risk, one risk with its
escalations to the curator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cur.roles import RoleCode
from roadmap.access import holds, may_draft_for, readable_sector_ids, responsible_sector_ids
from roadmap.forms.risks import EscalateForm, RiskForm
from roadmap.models import Risk, RiskState
from roadmap.selectors.passports import visible_projects
from roadmap.services import risks as service
from roadmap.services.approvals import ApprovalRefused
from roadmap.views.common import refused, require_projects


def _visible_risks(user):
    ids = readable_sector_ids(user)
    risks = Risk.objects.select_related("project__sector", "owner")
    return risks if ids is None else risks.filter(project__sector_id__in=ids)


def _editable_projects(user):
    projects = visible_projects(user)
    if holds(user, RoleCode.HEAD):
        return projects
    return projects.filter(sector_id__in=responsible_sector_ids(user))


@login_required
@require_GET
def risk_list(request):
    require_projects(request.user)
    risks = list(_visible_risks(request.user).order_by("state", "-probability", "-impact", "id"))
    open_risks = [r for r in risks if r.state != RiskState.CLOSED]
    return render(request, "roadmap/risk_list.html", {
        "risks": open_risks,
        "closed": [r for r in risks if r.state == RiskState.CLOSED],
        "may_create": _editable_projects(request.user).exists(),
        "section": "risks",
    })


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request):
    require_projects(request.user)
    projects = _editable_projects(request.user)
    if not projects.exists():
        raise PermissionDenied(_("Риски проекта ведут руководитель ЦУР и ответственный за его отраслевой блок."))
    data = request.POST if request.method == "POST" else None
    form = RiskForm(data, projects=projects, initial={"project": request.GET.get("project")})
    if data is not None and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "project"}
        try:
            risk = service.risk_create(project=form.cleaned_data["project"], by=request.user, fields=fields)
        except ApprovalRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Риск записан."))
            return redirect("roadmap:risk", risk.pk)
    return render(request, "roadmap/risk_form.html", {"form": form, "risk": None, "section": "risks"},
                  status=400 if data is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def risk_detail(request, pk: int):
    require_projects(request.user)
    risk = get_object_or_404(_visible_risks(request.user), pk=pk)
    may_edit = holds(request.user, RoleCode.HEAD) or may_draft_for(request.user, risk.project.sector_id)
    data = request.POST if request.method == "POST" else None
    if data is not None and not may_edit:
        raise PermissionDenied(_("Риски проекта ведут руководитель ЦУР и ответственный за его отраслевой блок."))
    initial = {f: getattr(risk, f) for f in service.FIELDS}
    initial["owner"] = risk.owner_id
    form = RiskForm(data, initial=initial)
    if data is not None and form.is_valid():
        try:
            service.risk_update(risk=risk, by=request.user, fields=form.cleaned_data)
        except ApprovalRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Риск сохранён."))
            return redirect("roadmap:risk", risk.pk)
    return render(request, "roadmap/risk_detail.html", {
        "risk": risk, "form": form, "may_edit": may_edit,
        "may_escalate": holds(request.user, RoleCode.HEAD) and risk.state != RiskState.CLOSED,
        "escalate_form": EscalateForm(), "escalations": list(risk.escalations.all()), "section": "risks",
    }, status=400 if data is not None else 200)


@login_required
@require_POST
def risk_escalate(request, pk: int):
    require_projects(request.user)
    risk = get_object_or_404(_visible_risks(request.user), pk=pk)
    back = reverse("roadmap:risk", args=[pk])
    form = EscalateForm(request.POST)
    try:
        if not form.is_valid():
            raise ApprovalRefused(_("Напишите, какое решение нужно от куратора."))
        service.risk_escalate(risk=risk, by=request.user, comment=form.cleaned_data["comment"])
    except ApprovalRefused as exc:
        return refused(request, exc, back)
    messages.success(request, _("Риск вынесен на решение куратора; куратору отправлено письмо."))
    return redirect(back)

