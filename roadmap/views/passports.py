"""Passport pages beyond the generic document pages (roadmap.views.documents): the list per
sector, a new version of an approved passport, the comparison of two versions, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from roadmap.access import readable_sectors, responsible_sector_ids
from roadmap.selectors import approvals as approval_reads
from roadmap.selectors.passports import compare, passport_list, project_versions, snapshot
from roadmap.services import passports
from roadmap.services.approvals import ApprovalRefused
from roadmap.views.common import refused, require_projects, sector_param
from roadmap.views.documents.access import document_for_user
from roadmap.views.documents.passport import PASSPORT


@login_required
@require_GET
def passport_list_view(request):
    require_projects(request.user)
    sector_id = sector_param(request)
    return render(request, "roadmap/passport_list.html", {
        "blocks": passport_list(request.user, sector_id),
        "sectors": readable_sectors(request.user),
        "selected": sector_id,
        "may_create": bool(responsible_sector_ids(request.user)),
        "section": "passports",
    })


@login_required
@require_POST
def passport_new_version(request, pk: int):
    version = document_for_user(request.user, PASSPORT, pk)
    try:
        copy = passports.passport_new_version(version=version, by=request.user)
    except ApprovalRefused as exc:
        return refused(request, exc, PASSPORT.detail_url(version))
    messages.success(request, _("Создана версия %(number)s — копия утверждённой. Внесите изменения и представьте её на согласование.") % {"number": copy.number})
    return redirect("roadmap:passport_edit", copy.pk)


@login_required
@require_GET
def passport_compare(request, pk: int):
    right = document_for_user(request.user, PASSPORT, pk)
    try:
        other = int(request.GET.get("with", ""))
    except ValueError:
        other = right.based_on_id
    if other is None:
        raise Http404
    left = document_for_user(request.user, PASSPORT, other)
    if left.number > right.number:
        left, right = right, left
    return render(request, "roadmap/passport_compare.html", {
        "left": left, "right": right, "rows": compare(left, right), "project": right.project,
        "versions": project_versions(right), "section": "passports",
    })


@login_required
@require_GET
def passport_pdf(request, pk: int):
    version = document_for_user(request.user, PASSPORT, pk)
    from roadmap.services.pdf import passport_pdf as render_pdf

    pdf = render_pdf(version=version, decisions=approval_reads.timeline(version.approval), sections=snapshot(version))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="passport-{version.project_id}-v{version.number}.pdf"'
    return response
