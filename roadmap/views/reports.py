"""Progress reports and working/expert groups of a project: drafted by the sector responsible,
decided through the same approval mechanism as passports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roadmap.access import may_draft_for
from roadmap.forms.common import rows_of
from roadmap.forms.reports import GroupForm, MemberFormSet, ReportForm
from roadmap.models import GroupComposition, ProgressReport
from roadmap.selectors import approvals as approval_reads
from roadmap.selectors.passports import visible_projects
from roadmap.services import groups as group_service
from roadmap.services import reports as report_service
from roadmap.services.approvals import ApprovalRefused, actions_for, check_editable
from roadmap.views.common import refused, require_projects


def _project(user, pk):
    return get_object_or_404(visible_projects(user).select_related("sector", "current_version"), pk=pk)


def _report(user, pk):
    return get_object_or_404(
        ProgressReport.objects.select_related("project__sector", "passport", "approval", "created_by")
        .filter(project__in=visible_projects(user)), pk=pk,
    )


def _group(user, pk):
    return get_object_or_404(
        GroupComposition.objects.select_related("project__sector", "approval", "created_by")
        .filter(project__in=visible_projects(user)), pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request, project_pk: int | None = None, pk: int | None = None):
    require_projects(request.user)
    report = _report(request.user, pk) if pk else None
    project = report.project if report else _project(request.user, project_pk)
    back = reverse("roadmap:report", args=[pk]) if report else reverse("roadmap:passport", args=[project.current_version_id]) if project.current_version_id else reverse("roadmap:passports")
    try:
        if report:
            check_editable(case=report.approval, by=request.user)
        elif not may_draft_for(request.user, project.sector_id):
            raise ApprovalRefused(_("Отчёт готовит ответственный за отраслевой блок «%(sector)s».") % {"sector": project.sector})
    except ApprovalRefused as exc:
        return refused(request, exc, back)
    data = request.POST if request.method == "POST" else None
    initial = {f: getattr(report, f) for f in report_service.FIELDS} if report else None
    form = ReportForm(data, initial=initial)
    if data is not None and form.is_valid():
        try:
            if report:
                report = report_service.report_update(report=report, by=request.user, fields=form.cleaned_data)
            else:
                report = report_service.report_create(project=project, by=request.user, fields=form.cleaned_data)
        except ApprovalRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Отчёт сохранён. Представьте его на согласование, когда он готов."))
            return redirect("roadmap:report", report.pk)
    return render(request, "roadmap/report_form.html", {"form": form, "project": project, "report": report, "section": "passports"},
                  status=400 if data is not None else 200)


@login_required
@require_GET
def report_detail(request, pk: int):
    require_projects(request.user)
    report = _report(request.user, pk)
    case = report.approval
    return render(request, "roadmap/report_detail.html", {
        "report": report, "case": case, "decisions": approval_reads.timeline(case), "actions": actions_for(request.user, case),
        "may_edit": case.is_editable and may_draft_for(request.user, report.project.sector_id), "section": "passports",
    })


@login_required
@require_http_methods(["GET", "POST"])
def group_form(request, project_pk: int | None = None, pk: int | None = None):
    require_projects(request.user)
    group = _group(request.user, pk) if pk else None
    project = group.project if group else _project(request.user, project_pk)
    back = reverse("roadmap:group", args=[pk]) if group else reverse("roadmap:passports")
    try:
        if group:
            check_editable(case=group.approval, by=request.user)
        elif not may_draft_for(request.user, project.sector_id):
            raise ApprovalRefused(_("Состав групп предлагает ответственный за отраслевой блок «%(sector)s».") % {"sector": project.sector})
    except ApprovalRefused as exc:
        return refused(request, exc, back)
    data = request.POST if request.method == "POST" else None
    form = GroupForm(data, initial={"kind": group.kind, "name": group.name} if group else None)
    members = MemberFormSet(data, prefix="members", initial=[
        {"official": m.official_id, "role_in_group": m.role_in_group} for m in group.members.all()
    ] if group and data is None else None)
    if data is not None and form.is_valid() and members.is_valid():
        try:
            if group:
                group = group_service.group_update(group=group, by=request.user, members=rows_of(members), **form.cleaned_data)
            else:
                group = group_service.group_propose(project=project, by=request.user, members=rows_of(members), **form.cleaned_data)
        except ApprovalRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Состав группы сохранён. Представьте его куратору, когда он готов."))
            return redirect("roadmap:group", group.pk)
    return render(request, "roadmap/group_form.html", {
        "form": form, "members": members, "project": project, "group": group, "section": "passports",
    }, status=400 if data is not None else 200)


@login_required
@require_GET
def group_detail(request, pk: int):
    require_projects(request.user)
    group = _group(request.user, pk)
    case = group.approval
    return render(request, "roadmap/group_detail.html", {
        "group": group, "members": list(group.members.select_related("official")), "case": case,
        "decisions": approval_reads.timeline(case), "actions": actions_for(request.user, case),
        "may_edit": case.is_editable and may_draft_for(request.user, group.project.sector_id), "section": "passports",
    })
