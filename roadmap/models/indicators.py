"""The ЦУР's indicators (Положение Tver п.7.1, 7.3, 11.1, раздел V п.20–21).

Mandatory indicators come from the ministry's methodology; additional ones are proposed by the
sector responsible and count only once the curator approved them (their `approval`). Each is
planned per year with a deadline, a target and the actual value the responsible person enters.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    MANDATORY = "mandatory", _("обязательный")
    ADDITIONAL = "additional", _("дополнительный")


class Indicator(models.Model):
    sector = models.ForeignKey("sectors.Sector", on_delete=models.PROTECT, related_name="indicators", verbose_name=_("отраслевой блок"))
    project = models.ForeignKey("roadmap.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators", verbose_name=_("проект"))
    kind = models.CharField(_("вид"), max_length=12, choices=IndicatorKind.choices)
    name = models.CharField(_("показатель"), max_length=500)
    unit = models.CharField(_("единица измерения"), max_length=40)
    federal_result = models.CharField(_("результат федерального (ведомственного) проекта"), max_length=500)
    qualitative = models.TextField(_("качественная характеристика"), blank=True)
    quantitative = models.TextField(_("количественная характеристика"), blank=True)
    calculation_method = models.TextField(_("методика расчёта"), blank=True)
    higher_is_better = models.BooleanField(_("лучше больше"), default=True)
    responsible = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, related_name="indicators", verbose_name=_("ответственный"))
    approval = models.OneToOneField("roadmap.ApprovalCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("показатель")
        verbose_name_plural = _("показатели")
        ordering = ["sector__order", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorPlan(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("год"))
    deadline = models.DateField(_("срок достижения"))
    target = models.DecimalField(_("целевое значение"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("фактическое значение"), max_digits=14, decimal_places=2, null=True, blank=True)
    actual_at = models.DateTimeField(_("факт внесён"), null=True, blank=True)
    actual_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("план показателя на год")
        verbose_name_plural = _("планы показателей")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="one_plan_per_indicator_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"
