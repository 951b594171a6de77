"""Risks of projects (Положение Tver п.10.8): the head monitors them and escalates to the curator."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.IntegerChoices):
    LOW = 1, _("низкая")
    MEDIUM = 2, _("средняя")
    HIGH = 3, _("высокая")


class RiskState(models.TextChoices):
    OPEN = "open", _("выявлен")
    MITIGATING = "mitigating", _("принимаются меры")
    ESCALATED = "escalated", _("передан куратору")
    CLOSED = "closed", _("снят")


class Risk(models.Model):
    project = models.ForeignKey("roadmap.Project", on_delete=models.PROTECT, related_name="risks", verbose_name=_("проект"))
    title = models.CharField(_("риск"), max_length=500)
    probability = models.PositiveSmallIntegerField(_("вероятность"), choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    impact = models.PositiveSmallIntegerField(_("влияние"), choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    owner = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, related_name="+", verbose_name=_("владелец риска"))
    mitigation = models.TextField(_("меры реагирования"), blank=True)
    state = models.CharField(_("состояние"), max_length=12, choices=RiskState.choices, default=RiskState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("риск")
        verbose_name_plural = _("риски")
        ordering = ["-probability", "-impact", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.probability * self.impact


class RiskEscalation(models.Model):
    """The head brings a risk to the curator's decision (п.10.8): kept as a record, never edited."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="escalations")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=300)
    comment = models.TextField(_("что нужно решить"))
    at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.by_name}: {self.comment[:80]}"
