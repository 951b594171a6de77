"""The monthly report to the governor (распоряжение Tver п.4): a month's versions and who receives it.

A month has one report and any number of versions. A version is generated as a draft from the
figures of that moment, which it keeps (`figures`), so a PDF in the archive can always be traced
to the numbers it was made from and never changes silently; the head writes the conclusions and
issues it as final, after which it is never edited. Regenerating makes a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class MonthlyReport(models.Model):
    month = models.DateField(_("месяц"), unique=True, help_text=_("первое число отчётного месяца"))
    created_at = models.DateTimeField(_("создан"), db_default=Now())

    class Meta:
        verbose_name = _("доклад губернатору")
        verbose_name_plural = _("доклады губернатору")
        ordering = ["-month"]
        constraints = [models.CheckConstraint(condition=Q(month__day=1), name="monthlyreport_month_first_day")]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}"


def report_pdf_path(version: ReportVersion, filename: str) -> str:
    return f"reports/{version.report.month:%Y-%m}/{filename}"


class ReportVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("проект")
        FINAL = "final", _("окончательная версия")

    class Job(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("формируется")
        DONE = "done", _("готов")
        FAILED = "failed", _("ошибка")

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("доклад"))
    number = models.PositiveIntegerField(_("версия"))
    state = models.CharField(_("состояние"), max_length=8, choices=State.choices, default=State.DRAFT)
    # The head's conclusions: plain text, paragraphs separated by empty lines, escaped when shown.
    conclusions = models.TextField(_("выводы руководителя ЦУР"), blank=True)

    # Generation: the page polls these while the worker builds the PDF.
    job = models.CharField(_("формирование"), max_length=8, choices=Job.choices, default=Job.QUEUED)
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    step = models.CharField(_("текущий шаг"), max_length=200, blank=True)
    error = models.TextField(_("ошибка формирования"), blank=True)

    # The figures the PDF was made from (JSON of ratings.reports.figures): the archive's evidence.
    figures = models.JSONField(_("показатели"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_pdf_path, max_length=300, blank=True)
    pages = models.PositiveSmallIntegerField(_("страниц"), null=True, blank=True)

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("сформировал"))
    created_at = models.DateTimeField(_("создана"), db_default=Now())
    generated_at = models.DateTimeField(_("сформирована"), null=True, blank=True)
    conclusions_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("выводы записал"))
    conclusions_at = models.DateTimeField(_("выводы записаны"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("выпустил"))
    issued_at = models.DateTimeField(_("выпущена"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("разослана"), null=True, blank=True)
    emailed_to = models.TextField(_("кому разослана"), blank=True)

    class Meta:
        verbose_name = _("версия доклада")
        verbose_name_plural = _("версии доклада")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_number_unique"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(issued_at__isnull=False, job="done"), name="reportversion_final_is_issued"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def is_busy(self) -> bool:
        return self.job in (self.Job.QUEUED, self.Job.RUNNING)

    @property
    def is_ready(self) -> bool:
        return self.job == self.Job.DONE and bool(self.pdf)


class ReportRecipient(models.Model):
    """An address the final report is e-mailed to, besides settings.CUR_REPORT_RECIPIENTS; the head keeps the list."""

    email = models.EmailField(_("адрес электронной почты"), unique=True)
    name = models.CharField(_("кому"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("добавил"))
    created_at = models.DateTimeField(_("добавлен"), db_default=Now())

    class Meta:
        verbose_name = _("получатель доклада")
        verbose_name_plural = _("получатели доклада")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email
