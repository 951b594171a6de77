"""The head's classifier pages: versions with their evaluation, training on demand, activation.

GET   /classifier/                      the head only: versions per target, «Обучить сейчас»
GET   /classifier/<id>/                 the head only: per-class figures and the confusion matrix
POST  /classifier/train/                the head only: queue a training of the sector or category model
POST  /classifier/<id>/activate/        the head only: make a version active (also the rollback)
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cur.access import access_for
from feedback.classifier.selectors import (
    ACCEPTANCE_DAYS,
    acceptance_by_sector,
    version_report,
    versions_by_target,
)
from feedback.classifier.training import (
    TrainingRefused,
    classifier_version_activate,
    classifier_version_request,
    may_manage_classifier,
)
from feedback.models import ClassifierVersion, TrainingState


def _require_head(user) -> None:
    if not may_manage_classifier(access_for(user)):
        raise PermissionDenied(_("Классификатор сообщений настраивает руководитель ЦУР."))


@login_required
@require_GET
def versions(request):
    _require_head(request.user)
    targets = versions_by_target()
    return render(request, "feedback/classifier/versions.html", {
        "targets": targets, "busy": any(t["busy"] for t in targets),
        "acceptance": acceptance_by_sector(), "acceptance_days": ACCEPTANCE_DAYS,
    })


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
