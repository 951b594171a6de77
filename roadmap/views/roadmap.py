"""The ЦУР's roadmap: one year's items with completion, the timeline, the head's editing and the
next year's start, and the progress its responsible persons report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cur.roles import RoleCode
from roadmap.access import holds
from roadmap.forms.roadmap import ItemForm, ItemReportForm
from roadmap.models import RoadmapItem, RoadmapVersion
from roadmap.selectors.roadmap import (
    MONTHS,
    completion,
    completion_by_responsible,
    roadmap_items,
    timeline_bars,
    today_marker,
)
from roadmap.services import roadmap as service
from roadmap.services.approvals import ApprovalRefused
from roadmap.views.common import refused, require_roadmap


def _version(year: int | None) -> RoadmapVersion | None:
    if year is None:
        current = timezone.localdate().year
        return RoadmapVersion.objects.filter(year__lte=current).order_by("-year").first() or RoadmapVersion.objects.order_by("year").first()
    return RoadmapVersion.objects.filter(year=year).first()


@login_required
@require_GET
def roadmap_view(request, year: int | None = None, timeline: bool = False):
    require_roadmap(request.user)
    version = _version(year)
    if year is not None and version is None:
        raise Http404
    context = {
        "version": version,
        "years": list(RoadmapVersion.objects.order_by("year").values_list("year", flat=True)),
        "is_head": holds(request.user, RoleCode.HEAD),
        "section": "roadmap",
        "timeline": timeline,
    }
    if version is not None:
        items = roadmap_items(version)
        for item in items:
            item.may_report = service.may_report(request.user, item)
        context.update({
            "items": items,
            "completion": completion(version),
            "by_responsible": completion_by_responsible(version),
            "bars": timeline_bars(version, items) if timeline else [],
            "months": MONTHS,
            "today_at": today_marker(version),
            "next_year": version.year + 1 if not RoadmapVersion.objects.filter(year=version.year + 1).exists() else None,
        })
    else:
        context["next_year"] = timezone.localdate().year
    return render(request, "roadmap/roadmap.html", context)


@login_required
@require_POST
def roadmap_start_year(request):
    require_roadmap(request.user)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404 from None
    try:
        version = service.roadmap_start_year(year=year, by=request.user)
    except ApprovalRefused as exc:
        return refused(request, exc, reverse("roadmap:roadmap"))
    messages.success(request, _("Дорожная карта на %(year)s год создана из мероприятий %(prev)s года.") % {"year": year, "prev": year - 1}
                     if version.based_on_id else _("Дорожная карта на %(year)s год создана.") % {"year": year})
    return redirect("roadmap:roadmap_year", year)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_item_edit(request, year: int, pk: int | None = None):
    require_roadmap(request.user)
    if not holds(request.user, RoleCode.HEAD):
        raise PermissionDenied(_("Дорожную карту ведёт руководитель ЦУР."))
    version = get_object_or_404(RoadmapVersion, year=year)
    item = get_object_or_404(RoadmapItem, pk=pk, version=version) if pk else None
    data = request.POST if request.method == "POST" else None
    initial = None
    if item is not None:
        initial = {f: getattr(item, f) for f in service.ITEM_FIELDS}
        initial["responsible"] = item.responsible_id
    else:
        initial = {"order": version.items.count() + 1}
    form = ItemForm(data, initial=initial)
    if data is not None and form.is_valid():
        try:
            service.roadmap_item_save(version=version, by=request.user, fields=form.cleaned_data, item=item)
        except ApprovalRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Мероприятие сохранено."))
            return redirect("roadmap:roadmap_year", year)
    return render(request, "roadmap/roadmap_item_form.html", {
        "form": form, "version": version, "item": item, "section": "roadmap",
    }, status=400 if data is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_item_report(request, pk: int):
    require_roadmap(request.user)
    item = get_object_or_404(RoadmapItem.objects.select_related("version", "responsible"), pk=pk)
    if not service.may_report(request.user, item):
        raise PermissionDenied(_("Ход мероприятия отмечает его ответственный или руководитель ЦУР."))
    data = request.POST if request.method == "POST" else None
    form = ItemReportForm(data, request.FILES or None, initial={"state": item.state, "evidence_url": item.evidence_url, "note": item.evidence_note})
    if data is not None and form.is_valid():
        try:
            service.roadmap_item_report(
                item=item, by=request.user, state=form.cleaned_data["state"], evidence_file=form.cleaned_data["evidence_file"],
                evidence_url=form.cleaned_data["evidence_url"], note=form.cleaned_data["note"],
            )
        except ApprovalRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ход мероприятия отмечен."))
            return redirect("roadmap:roadmap_year", item.version.year)
    return render(request, "roadmap/roadmap_item_report.html", {"form": form, "item": item, "section": "roadmap"},
                  status=400 if data is not None else 200)


@login_required
@require_GET
def roadmap_evidence(request, pk: int):
    """The evidence file, for whoever reads the roadmap."""
    from django.http import FileResponse

    require_roadmap(request.user)
    item = get_object_or_404(RoadmapItem, pk=pk)
    if not item.evidence_file:
        raise Http404
    return FileResponse(item.evidence_file.open("rb"), as_attachment=True, filename=item.evidence_file.name.rsplit("/", 1)[-1])
