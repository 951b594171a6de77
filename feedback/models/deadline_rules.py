from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from .channels import DeadlineUnit


class DeadlinePolicy(models.Model):
    """A deadline rule for a kind, optionally narrowed to a channel and/or a category.

    The most specific active rule wins (kind+channel+category, then kind+category, then
    kind+channel, then the kind's own defaults), so the head adds rules only where practice
    differs: a fast track for a category, a shorter term for one channel.
    """

    kind = models.ForeignKey("feedback.MessageKind", on_delete=models.CASCADE, related_name="policies", verbose_name=_("вид сообщения"))
    channel = models.ForeignKey("feedback.Channel", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("канал"), help_text=_("Пусто — любой канал."))
    category = models.ForeignKey("sectors.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("категория"), help_text=_("Пусто — любая категория."))
    answer_term = models.PositiveSmallIntegerField(_("срок ответа"))
    answer_unit = models.CharField(_("единица срока"), max_length=16, choices=DeadlineUnit.choices)
    first_response_hours = models.PositiveSmallIntegerField(_("срок первого отклика, рабочих часов"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    note = models.CharField(_("основание"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("правило срока")
        verbose_name_plural = _("правила сроков")
        ordering = ["kind", "channel", "category"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "channel", "category"], nulls_distinct=False, name="deadline_policy_unique"),
            models.CheckConstraint(condition=Q(answer_term__gte=1), name="deadline_policy_term_positive"),
            # 59-ФЗ and the ПОС rules never allow more than 30 days.
            models.CheckConstraint(
                condition=~Q(answer_unit="calendar_days", answer_term__gt=30) & ~Q(answer_unit="working_days", answer_term__gt=30),
                name="deadline_policy_at_most_30_days",
            ),
        ]

    def __str__(self) -> str:
        scope = " · ".join(str(x) for x in (self.kind, self.channel, self.category) if x)
        return f"{scope}: {self.answer_term} {self.get_answer_unit_display()}"


class CalendarOverride(models.Model):
    """A correction of the production calendar by the head: a regional day off, a moved workday."""

    date = models.DateField(_("дата"), unique=True)
    is_working = models.BooleanField(_("рабочий день"))
    note = models.CharField(_("основание"), max_length=300)
    created_at = models.DateTimeField(_("внесено"), db_default=Now())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("поправка календаря")
        verbose_name_plural = _("поправки производственного календаря")
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = _("рабочий") if self.is_working else _("выходной")
        return f"{self.date:%d.%m.%Y} — {kind}"
