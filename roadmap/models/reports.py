"""Progress reports on a project (Положение Tver п.7.6, 10.7, 11.7): the same chain as passports."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class ProgressReport(models.Model):
    project = models.ForeignKey("roadmap.Project", on_delete=models.PROTECT, related_name="reports", verbose_name=_("проект"))
    passport = models.ForeignKey("roadmap.PassportVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("по паспорту"))
    period_start = models.DateField(_("период с"))
    period_end = models.DateField(_("период по"))
    done = models.TextField(_("что сделано"))
    results = models.TextField(_("достигнутые результаты"), blank=True)
    problems = models.TextField(_("проблемы и отклонения"), blank=True)
    next_steps = models.TextField(_("планы на следующий период"), blank=True)
    approval = models.OneToOneField("roadmap.ApprovalCase", on_delete=models.PROTECT, null=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("отчёт о ходе реализации")
        verbose_name_plural = _("отчёты о ходе реализации")
        ordering = ["-period_end", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="report_period_order")]

    def __str__(self) -> str:
        return f"Отчёт «{self.project}» за {self.period_start:%d.%m.%Y} — {self.period_end:%d.%m.%Y}"
