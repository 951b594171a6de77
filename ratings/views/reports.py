"""The governor's report pages: the archive, a month's page for the head, its status, the PDF download.

/reports/                           archive by month (readers: see ratings.selectors.reports)
/reports/<yyyy-mm>/                 the month: versions, progress, conclusions, issue
/reports/<yyyy-mm>/status/          the progress fragment the month page polls while a version is built
/reports/<yyyy-mm>/generate/        POST: a new draft version (head)
/reports/<yyyy-mm>/v<N>/conclusions/ POST: save the conclusions, or save and issue the final (head)
/reports/<yyyy-mm>/v<N>.pdf         the version's PDF (?inline=1 opens it in the browser)
/reports/recipients/…               POST: the head's list of e-mail recipients
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ratings.forms.reports import ConclusionsForm, GenerateForm, RecipientForm
from ratings.models import ReportRecipient
from ratings.reports.wording import month_title
from ratings.selectors.reports import (
    month_versions,
    report_access,
    report_archive,
    require_manager,
    version_for,
)
from ratings.services import reports as service
from ratings.views.ratings_converters import MonthConverter


def _month_url(month) -> str:
    return reverse("ratings:report_month", args=[month])


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for text in errors:
                form.add_error(field if field in form.fields else None, text)
    else:
        for text in error.messages:
            form.add_error(None, text)


@login_required
@require_GET
def report_archive_view(request):
    access = report_access(request.user)
    context = {"reports": report_archive(access), "access": access}
    if access.manages:
        context.update({
            "generate_form": GenerateForm(), "recipient_form": RecipientForm(),
            "recipients": ReportRecipient.objects.select_related("added_by"),
            "configured_recipients": settings.CUR_REPORT_RECIPIENTS,
        })
    return render(request, "ratings/report/archive.html", context)


def _month_page(request, access, month, *, form=None, status=200):
    versions = month_versions(access, month)
    if not versions and not access.manages:
        raise Http404
    latest = versions[0] if versions else None
    if form is None and latest is not None:
        form = ConclusionsForm(initial={"conclusions": latest.conclusions})
    return render(request, "ratings/report/month.html", {
        "month": month, "title": month_title(month), "versions": versions, "latest": latest, "access": access,
        "form": form, "recipients": service.report_recipients() if access.manages else [],
    }, status=status)


@login_required
@require_GET
def report_month(request, month: date):
    access = report_access(request.user)
    return _month_page(request, access, month)


@login_required
@require_GET
def report_status(request, month: date):
    access = report_access(request.user)
    versions = month_versions(access, month)
    if not versions:
        raise Http404
    return render(request, "ratings/report/status.html", {"latest": versions[0], "access": access})


@login_required
@require_POST
def report_generate_view(request, month: date):
    require_manager(request.user)
    first = month
    try:
        version = service.report_generate(month=first, requested_by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(_month_url(first))
    messages.success(request, _("Версия %(n)d поставлена в очередь на формирование.") % {"n": version.number})
    return redirect(_month_url(first))


@login_required
@require_POST
def report_generate_pick(request):
    """The archive's «Сформировать» form: the month comes from a select, then as above."""
    require_manager(request.user)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите месяц из списка."))
        return redirect("ratings:report_archive")
    return report_generate_view(request, MonthConverter().to_python(form.cleaned_data["month"]))


@login_required
@require_POST
def report_conclusions(request, month: date, number: int):
    access = require_manager(request.user)
    first = month
    version = version_for(access, first, number)
    form = ConclusionsForm(request.POST)
    if not form.is_valid():
        return _month_page(request, access, first, form=form, status=400)
    issuing = request.POST.get("action") == "issue"
    try:
        version = service.report_conclusions_save(version=version, text=form.cleaned_data["conclusions"], by=request.user)
        if issuing:
            version = service.report_issue(version=version, by=request.user)
    except ValidationError as error:
        _errors(form, error)
        return _month_page(request, access, first, form=form, status=400)
    if issuing:
        messages.success(request, _("Окончательная версия %(n)d выпущена и отправляется получателям.") % {"n": version.number})
    else:
        messages.success(request, _("Выводы сохранены. Они войдут в окончательную версию доклада."))
    return redirect(_month_url(first))


@login_required
@require_GET
def report_download(request, month: date, number: int):
    access = report_access(request.user)
    version = version_for(access, month, number)
    if not version.is_ready:
        raise Http404
    inline = request.GET.get("inline") == "1"
    name = version.pdf.name.rsplit("/", 1)[-1]
    return FileResponse(version.pdf.open("rb"), as_attachment=not inline, filename=name, content_type="application/pdf")


@login_required
@require_POST
def report_recipient_add(request):
    require_manager(request.user)
    form = RecipientForm(request.POST)
    if form.is_valid():
        try:
            recipient = service.report_recipient_add(email=form.cleaned_data["email"], name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Адрес %(email)s добавлен в список получателей.") % {"email": recipient.email})
            return redirect("ratings:report_archive")
    access = report_access(request.user)
    return render(request, "ratings/report/archive.html", {
        "reports": report_archive(access), "access": access, "generate_form": GenerateForm(), "recipient_form": form,
        "recipients": ReportRecipient.objects.select_related("added_by"),
        "configured_recipients": settings.CUR_REPORT_RECIPIENTS,
    }, status=400)


@login_required
@require_POST
def report_recipient_delete(request, pk: int):
    require_manager(request.user)
    recipient = get_object_or_404(ReportRecipient, pk=pk)
    service.report_recipient_remove(recipient=recipient)
    messages.success(request, _("Адрес %(email)s удалён из списка получателей.") % {"email": recipient.email})
    return redirect("ratings:report_archive")

