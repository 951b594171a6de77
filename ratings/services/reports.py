"""The governor's monthly report: generate a draft version, write conclusions, issue the final, e-mail it.

A version is made in two steps: `report_generate` records it (queued) and queues the task on
commit; the task calls `report_build`, which computes the figures, draws the PDF and stores both,
reporting its progress on the version so the page can show it. Issuing draws the PDF once more
from the same figures with the head's conclusions (the figures the head read are the figures the
governor gets), marks the version final, and queues the e-mail to the recipients.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cur.mail import portal_url, send_letter
from cur.task_queue import enqueue
from ratings.models import MonthlyReport, ReportRecipient, ReportVersion
from ratings.reports.figures import report_figures
from ratings.reports.render import PdfMeta, render_report_pdf
from ratings.reports.wording import month_title

logger = logging.getLogger(__name__)
CONCLUSIONS_MAX_LENGTH = 20_000
Job = ReportVersion.Job


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _check_month(month: date) -> date:
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(_("Доклад за будущий месяц сформировать нельзя."), code="future")
    return month


@transaction.atomic
def report_generate(*, month: date, requested_by=None, queue: bool = True) -> ReportVersion:
    """A new draft version of the month's report, queued for the worker; the last conclusions carry over.

    queue=False leaves the building to the caller (`report_build`): the demo loading builds it in place.
    """

    month = _check_month(month)
    report, _created = MonthlyReport.objects.get_or_create(month=month)
    # Two heads pressing «Сформировать» at once get versions 2 and 3, not two versions 2.
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.order_by("-number").first()
    if latest is not None and latest.is_busy:
        raise ValidationError(_("Версия %(n)d ещё формируется: дождитесь её.") % {"n": latest.number}, code="busy")
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion.objects.create(
        report=report, number=number, requested_by=requested_by, step=_("В очереди"),
        conclusions=latest.conclusions if latest else "",
        conclusions_by=latest.conclusions_by if latest else None, conclusions_at=latest.conclusions_at if latest else None,
    )
    if queue:
        enqueue("ratings.tasks.build_report_version", version.pk)
    return version


def _progress(version_id: int):
    def report(step: str, percent: int) -> None:
        ReportVersion.objects.filter(pk=version_id).update(step=step[:200], progress=percent)

    return report


def _meta(version: ReportVersion) -> PdfMeta:
    return PdfMeta(
        number=version.number, is_final=version.is_final, conclusions=version.conclusions,
        issued_by=_person(version.issued_by), issued_at=version.issued_at,
    )


def _file_name(version: ReportVersion, *, final: bool) -> str:
    suffix = "" if final else "-proekt"
    return f"doklad-{version.report.month:%Y-%m}-v{version.number}{suffix}.pdf"


def _store_pdf(version: ReportVersion, content: bytes, *, final: bool) -> None:
    """Put the PDF under the version's name, replacing what an earlier try of the same step left."""
    old = version.pdf.name if version.pdf else ""
    name = _file_name(version, final=final)
    storage = version.pdf.storage
    target = version.pdf.field.generate_filename(version, name)
    if storage.exists(target):
        storage.delete(target)
    version.pdf.save(name, ContentFile(content), save=False)
    if old and old != version.pdf.name:
        transaction.on_commit(lambda: storage.delete(old))


def report_build(*, version_id: int) -> ReportVersion:
    """Compute the figures and draw the draft's PDF. Safe to retry: a finished version is left alone."""
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    if version.job == Job.DONE or version.is_final:
        return version
    ReportVersion.objects.filter(pk=version_id).update(job=Job.RUNNING, progress=1, step=_("Начинаю"), error="")
    progress = _progress(version_id)
    try:
        figures = report_figures(version.report.month, progress=progress)
        progress(_("Вёрстка PDF и графики"), 70)
        content, pages = render_report_pdf(figures, _meta(version))
        progress(_("Сохраняю PDF"), 95)
        with transaction.atomic():
            version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version_id)
            _store_pdf(version, content, final=False)
            version.figures, version.pages = figures, pages
            version.job, version.progress, version.step = Job.DONE, 100, _("Готов")
            version.generated_at = timezone.now()
            version.save(update_fields=["figures", "pages", "pdf", "job", "progress", "step", "generated_at"])
    except Exception as error:
        logger.exception("доклад %s: формирование не удалось", version)
        ReportVersion.objects.filter(pk=version_id).update(job=Job.FAILED, step=_("Ошибка"), error=str(error)[:2000])
        raise
    return version


def _editable(version: ReportVersion) -> None:
    if version.is_final:
        raise ValidationError(_("Окончательная версия не изменяется: сформируйте новую версию."), code="final")


@transaction.atomic
def report_conclusions_save(*, version: ReportVersion, text: str, by) -> ReportVersion:
    """The head's conclusions on a draft: plain text, paragraphs separated by empty lines."""
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()
    if len(text) > CONCLUSIONS_MAX_LENGTH:
        raise ValidationError(
            {"conclusions": _("Выводы длиннее %(n)d знаков: сократите их.") % {"n": CONCLUSIONS_MAX_LENGTH}}, code="max_length"
        )
    version.conclusions, version.conclusions_by, version.conclusions_at = text, by, timezone.now()
    version.save(update_fields=["conclusions", "conclusions_by", "conclusions_at"])
    return version


@transaction.atomic
def report_issue(*, version: ReportVersion, by) -> ReportVersion:
    """Issue the draft as the final version: its PDF with the conclusions, never changed afterwards."""

    version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version.pk)
    _editable(version)
    if version.job != Job.DONE or not version.figures:
        raise ValidationError(_("Проект ещё не сформирован: дождитесь готовности PDF."), code="not_ready")
    if not version.conclusions.strip():
        raise ValidationError({"conclusions": _("Внесите выводы руководителя ЦУР: без них доклад не выпускается.")},
                              code="no_conclusions")
    newer = version.report.versions.filter(number__gt=version.number).exists()
    if newer:
        raise ValidationError(_("Есть более новая версия доклада: выпускайте её."), code="stale")
    version.state, version.issued_by, version.issued_at = ReportVersion.State.FINAL, by, timezone.now()
    content, pages = render_report_pdf(version.figures, _meta(version))
    _store_pdf(version, content, final=True)
    version.pages = pages
    version.save(update_fields=["state", "issued_by", "issued_at", "pdf", "pages"])
    enqueue("ratings.tasks.email_final_report", version.pk)
    return version


def report_recipients() -> list[str]:
    """The addresses of settings.CUR_REPORT_RECIPIENTS and of the head's list, each once."""
    seen: dict[str, str] = {}
    for email in [*settings.CUR_REPORT_RECIPIENTS, *ReportRecipient.objects.values_list("email", flat=True)]:
        email = email.strip()
        if email:
            seen.setdefault(email.lower(), email)
    return list(seen.values())


def report_email(*, version_id: int) -> int:
    """E-mail the final PDF to the recipients once; returns how many addresses it went to."""
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    if not version.is_final or version.emailed_at is not None:
        return 0
    recipients = report_recipients()
    if not recipients:
        logger.warning("доклад %s: получатели не заданы, письмо не отправлено", version)
        return 0
    context = {"month": month_title(version.report.month), "number": version.number, "link": portal_url("/reports/")}
    with version.pdf.open("rb") as pdf:
        attachment = (version.pdf.name.rsplit("/", 1)[-1], pdf.read(), "application/pdf")
    send_letter("report_final", context, recipients, attachments=[attachment])
    ReportVersion.objects.filter(pk=version_id).update(emailed_at=timezone.now(), emailed_to=", ".join(recipients))
    return len(recipients)


@transaction.atomic
def report_recipient_add(*, email: str, name: str = "", by) -> ReportRecipient:
    email = (email or "").strip()
    if ReportRecipient.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Этот адрес уже в списке.")}, code="duplicate")
    recipient = ReportRecipient(email=email, name=(name or "").strip(), added_by=by)
    recipient.full_clean(exclude=["added_by"])
    recipient.save()
    return recipient


def report_recipient_remove(*, recipient: ReportRecipient) -> None:
    recipient.delete()
