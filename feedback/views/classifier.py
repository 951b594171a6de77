"""The head's classifier pages: versions with their evaluation, training on demand, activation.

GET   /classifier/                      the head only: versions per target, «Обучить сейчас»
GET   /classifier/<id>/                 the head only: per-class figures and the confusion matrix
POST  /classifier/train/                the head only: queue a training of the sector or category model
POST  /classifier/<id>/activate/        the head only: make a version active (also the rollback)
POST  /classifier/auto-routing/         the head only: per-sector auto-classification thresholds
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cur.access import access_for
from feedback.classifier.evaluation import THRESHOLDS
from feedback.classifier.selectors import (
    ACCEPTANCE_DAYS,
    acceptance_by_sector,
    auto_routing_rows,
    version_report,
    versions_by_target,
)
from feedback.classifier.training import (
    TrainingRefused,
    classifier_version_activate,
    classifier_version_request,
    may_manage_classifier,
)
from feedback.forms.auto_routing import AutoRoutingForm, field_name
from feedback.models import ClassifierVersion, SectorAutoRouting, TrainingState
from feedback.services.suggestions import sector_auto_routing_set
from sectors.models import Sector


def _require_head(user) -> None:
    if not may_manage_classifier(access_for(user)):
        raise PermissionDenied(_("Классификатор сообщений настраивает руководитель ЦУР."))


@login_required
@require_GET
def versions(request):
    _require_head(request.user)
    return _versions_page(request, None)


def _versions_page(request, auto_form: AutoRoutingForm | None, status: int = 200):
    targets = versions_by_target()
    rows = auto_routing_rows()
    if auto_form is None:
        auto_form = AutoRoutingForm(sectors=[r["sector"] for r in rows], current={r["sector"].pk: r["threshold"] for r in rows})
    for row in rows:
        row["field"] = auto_form[field_name(row["sector"].pk)]
    return render(request, "feedback/classifier/versions.html", {
        "targets": targets, "busy": any(t["busy"] for t in targets),
        "acceptance": acceptance_by_sector(), "acceptance_days": ACCEPTANCE_DAYS,
        "auto_rows": rows, "auto_form": auto_form, "threshold_columns": THRESHOLDS,
    }, status=status)


@login_required
@require_POST
def auto_routing(request):
    _require_head(request.user)
    sectors = list(Sector.objects.filter(is_active=True).order_by("order", "name"))
    current = dict(SectorAutoRouting.objects.values_list("sector_id", "min_confidence"))
    form = AutoRoutingForm(request.POST, sectors=sectors, current=current)
    if not form.is_valid():
        return _versions_page(request, form, status=400)
    by_id = {sector.pk: sector for sector in sectors}
    for sector_id, threshold in form.thresholds().items():
        sector_auto_routing_set(sector=by_id[sector_id], min_confidence=threshold, by=request.user)
    messages.success(request, _("Пороги автоклассификации сохранены."))
    return redirect(reverse("feedback:classifier") + "#auto-routing")


@login_required
@require_GET
def version(request, pk: int):
    _require_head(request.user)
    shown = get_object_or_404(ClassifierVersion.objects.select_related("trained_by"), pk=pk)
    return render(request, "feedback/classifier/version.html", {"version": shown, **version_report(shown)})


@login_required
@require_POST
def train(request):
    _require_head(request.user)
    try:
        classifier_version_request(target=request.POST.get("target", ""), by=request.user)
    except TrainingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Обучение поставлено в очередь; ход показан ниже."))
    return redirect("feedback:classifier")


@login_required
@require_POST
def activate(request, pk: int):
    _require_head(request.user)
    shown = get_object_or_404(ClassifierVersion, pk=pk, state=TrainingState.READY)
    try:
        classifier_version_activate(version=shown, by=request.user)
    except TrainingRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Версия № %(n)s стала активной.") % {"n": shown.pk})
    return redirect("feedback:classifier")
