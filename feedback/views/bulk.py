"""Bulk actions on messages ticked in the queue (POST /messages/bulk/): classify, route, close as
duplicates of one message, reject as spam.

Each message goes through the same service as on its card, one transaction each, so one refusal
(a message already routed, another operator's change a second ago) does not undo the others. The
result is one notice: «выполнено для N, отказано для M: № … — причина». A ticked id the user may
not see is reported as not found, never as someone else's message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cur.access import access_for
from cur.redirects import safe_next
from feedback.access import visible_messages
from feedback.forms.bulk import BULK_CLASSIFY, BULK_DUPLICATE, BULK_ROUTE, BULK_SPAM, BulkForm
from feedback.services import triage
from feedback.workflow import CUR_STAFF, TransitionRefused
from sectors.services.routing import suggest_agency

# How many refusals the notice spells out; the rest are counted.
LISTED_REFUSALS = 10
# The queue's row checkboxes name this form (`form="…"`), so they need no wrapper around the table.
BULK_FORM_ID = "cur-bulk"


@dataclass
class BulkResult:
    done: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (number, reason)

    def report(self) -> str:
        text = _("Выполнено для %(done)d, отказано для %(refused)d") % {"done": self.done, "refused": len(self.refused)}
        if not self.refused:
            return text + "."
        listed = "; ".join(f"№ {number} — {reason}" for number, reason in self.refused[:LISTED_REFUSALS])
        more = len(self.refused) - LISTED_REFUSALS
        if more > 0:
            listed += "; " + _("и ещё %(n)d") % {"n": more}
        return f"{text}: {listed}"


def may_bulk(user) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.roles & CUR_STAFF)


def _apply(form: BulkForm, message, user) -> None:
    data = form.cleaned_data
    operation = data["operation"]
    if operation == BULK_CLASSIFY:
        triage.message_classify(message=message, category=data["category"], by=user)
    elif operation == BULK_ROUTE:
        agency = data["agency"]
        if agency is None:
            if message.category_id is None:
                raise TransitionRefused(_("не классифицировано"))
            agency = suggest_agency(category=message.category, municipality=message.municipality)
            if agency is None:
                raise TransitionRefused(_("нет правила маршрутизации для категории «%(category)s»") % {"category": message.category})
        triage.message_route(message=message, agency=agency, by=user)
    elif operation == BULK_DUPLICATE:
        triage.message_mark_duplicate(message=message, original=data["original"], by=user)
    elif operation == BULK_SPAM:
        triage.message_reject(message=message, reason=_("Спам"), by=user)


def apply_bulk(form: BulkForm, user) -> BulkResult:
    ids = form.cleaned_data["ids"]
    found = {
        m.pk: m
        for m in visible_messages(user).filter(pk__in=ids).select_related("category", "category__parent", "municipality").defer("search_vector")
    }
    result = BulkResult()
    for pk in ids:
        message = found.get(pk)
        if message is None:
            result.refused.append((f"{pk:08d}", _("не найдено или недоступно")))
            continue
        try:
            _apply(form, message, user)
        except TransitionRefused as refused:
            result.refused.append((message.number, str(refused).rstrip(".")))
        else:
            result.done += 1
    return result


def _back(request, form: BulkForm | None = None) -> str:
    target = (form.cleaned_data.get("next") if form is not None and hasattr(form, "cleaned_data") else None) or request.POST.get("next", "")
    return safe_next(request, target, default=reverse("feedback:queue"))


@login_required
@require_POST
def bulk(request):
    if not may_bulk(request.user):
        raise PermissionDenied(_("Массовые действия доступны операторам и руководителю ЦУР."))
    form = BulkForm(request.POST, user=request.user)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, _("Массовое действие не выполнено: %(errors)s") % {"errors": " ".join(errors)})
        return redirect(_back(request))
    result = apply_bulk(form, request.user)
    notify = messages.success if not result.refused else messages.warning
    notify(request, result.report())
    return redirect(_back(request, form))
