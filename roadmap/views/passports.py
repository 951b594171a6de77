"""Project passports: the list per sector, a new passport, a version's page with its timeline and
the actions its reader may take, editing a draft, a new version, comparison, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roadmap.access import may_draft_for, readable_sector_ids, readable_sectors, responsible_sector_ids
from roadmap.forms.common import rows_of
from roadmap.forms.passports import NUMBERED, PassportForm, section_formsets
from roadmap.selectors import approvals as approval_reads
from roadmap.selectors.passports import compare, passport_for_user, passport_list, project_versions, snapshot
from roadmap.services import passports
from roadmap.services.approvals import ApprovalRefused, actions_for, check_editable
from roadmap.views.common import refused, require_projects
from sectors.models import Sector


def _sector_param(request) -> int | None:
    raw = request.GET.get("sector", "").strip()
    if not raw:
        return None
    try:
        sector_id = int(raw)
    except ValueError:
        raise Http404 from None
    ids = readable_sector_ids(request.user)
    if ids is not None and sector_id not in ids:
        raise PermissionDenied(_("Это не ваш отраслевой блок."))
    return sector_id


@login_required
@require_GET
def passport_list_view(request):
    require_projects(request.user)
    sector_id = _sector_param(request)
    return render(request, "roadmap/passport_list.html", {
        "blocks": passport_list(request.user, sector_id),
        "sectors": readable_sectors(request.user),
        "selected": sector_id,
        "may_create": bool(responsible_sector_ids(request.user)),
        "section": "passports",
    })


def _children(formsets) -> dict[str, list[dict]]:
    return {prefix: rows_of(formset, numbered=NUMBERED.get(prefix)) for prefix, _title, formset in formsets}


def _fields(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "sector"}


@login_required
@require_http_methods(["GET", "POST"])
def passport_create(request):
    require_projects(request.user)
    sector_ids = responsible_sector_ids(request.user)
    if not sector_ids:
        raise PermissionDenied(_("Паспорт проекта готовит ответственный за отраслевой блок."))
    sectors = Sector.objects.filter(id__in=sector_ids, is_active=True).order_by("order", "name")
    data = request.POST if request.method == "POST" else None
    form = PassportForm(data, sectors=sectors)
    formsets = section_formsets(data)
    error = ""
    if data is not None and form.is_valid() and all(fs.is_valid() for _p, _t, fs in formsets):
        try:
            version = passports.passport_create(
                sector=form.cleaned_data["sector"], by=request.user, fields=_fields(form), children=_children(formsets)
            )
        except ApprovalRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Черновик паспорта сохранён. Проверьте его и представьте на согласование."))
            return redirect("roadmap:passport", version.pk)
    return render(request, "roadmap/passport_form.html", {
        "form": form, "formsets": formsets, "error": error, "version": None, "section": "passports", "invalid": data is not None,
    }, status=400 if data is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def passport_edit(request, pk: int):
    require_projects(request.user)
    version = passport_for_user(request.user, pk)
    try:
        check_editable(case=version.approval, by=request.user)
    except ApprovalRefused as exc:
        return refused(request, exc, reverse("roadmap:passport", args=[pk]))
    data = request.POST if request.method == "POST" else None
    initial = {f: getattr(version, f) for f in passports.FIELDS}
    for f in ("curator", "project_head", "administrator"):
        initial[f] = getattr(version, f"{f}_id")
    form = PassportForm(data, initial=initial)
    formsets = section_formsets(data, version=version)
    error = ""
    if data is not None and form.is_valid() and all(fs.is_valid() for _p, _t, fs in formsets):
        try:
            passports.passport_update(version=version, by=request.user, fields=_fields(form), children=_children(formsets))
        except ApprovalRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("roadmap:passport", version.pk)
    return render(request, "roadmap/passport_form.html", {
        "form": form, "formsets": formsets, "error": error, "version": version, "section": "passports", "invalid": data is not None,
        "remarks": approval_reads.last_remarks(version.approval),
    }, status=400 if data is not None else 200)


@login_required
@require_GET
def passport_detail(request, pk: int):
    require_projects(request.user)
    version = passport_for_user(request.user, pk)
    case = version.approval
    user = request.user
    return render(request, "roadmap/passport_detail.html", {
        "version": version,
        "project": version.project,
        "case": case,
        "decisions": approval_reads.timeline(case),
        "actions": actions_for(user, case),
        "may_edit": case.is_editable and may_draft_for(user, version.project.sector_id),
        "may_new_version": case.state == "approved" and may_draft_for(user, version.project.sector_id),
        "versions": project_versions(version),
        "groups": _approved_groups(version),
        "section": "passports",
    })


def _approved_groups(version):
    from roadmap.models import GroupComposition

    return list(
        GroupComposition.objects.filter(project_id=version.project_id).select_related("approval")
        .prefetch_related("members__official").order_by("kind", "-created_at")
    )


@login_required
@require_POST
def passport_new_version(request, pk: int):
    require_projects(request.user)
    version = passport_for_user(request.user, pk)
    try:
        copy = passports.passport_new_version(version=version, by=request.user)
    except ApprovalRefused as exc:
        return refused(request, exc, reverse("roadmap:passport", args=[pk]))
    messages.success(request, _("Создана версия %(number)s — копия утверждённой. Внесите изменения и представьте её на согласование.") % {"number": copy.number})
    return redirect("roadmap:passport_edit", copy.pk)


@login_required
@require_GET
def passport_compare(request, pk: int):
    require_projects(request.user)
    right = passport_for_user(request.user, pk)
    try:
        other = int(request.GET.get("with", ""))
    except ValueError:
        other = right.based_on_id
    if other is None:
        raise Http404
    left = passport_for_user(request.user, other)
    if left.number > right.number:
        left, right = right, left
    return render(request, "roadmap/passport_compare.html", {
        "left": left, "right": right, "rows": compare(left, right), "project": right.project,
        "versions": project_versions(right), "section": "passports",
    })


@login_required
@require_GET
def passport_pdf(request, pk: int):
    require_projects(request.user)
    version = passport_for_user(request.user, pk)
    from roadmap.services.pdf import passport_pdf as render_pdf

    pdf = render_pdf(version=version, decisions=approval_reads.timeline(version.approval), sections=snapshot(version))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="passport-{version.project_id}-v{version.number}.pdf"'
    return response
