"""The ЦУР's roadmap («дорожная карта» of its creation and functioning): one version a year.

The head starts year N+1 from year N's items (Положение Tver п.10.9); responsible persons report
progress on their items with evidence (a file or a link).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class RoadmapVersion(models.Model):
    year = models.PositiveSmallIntegerField(_("год"), unique=True)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("на основе"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Дорожная карта ЦУР на {self.year} год"


class ItemState(models.TextChoices):
    PLANNED = "planned", _("запланировано")
    IN_PROGRESS = "in_progress", _("выполняется")
    DONE = "done", _("выполнено")
    CANCELLED = "cancelled", _("отменено")


class RoadmapItem(models.Model):
    version = models.ForeignKey(RoadmapVersion, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("№"), default=1)
    title = models.CharField(_("мероприятие"), max_length=500)
    responsible = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, related_name="roadmap_items", verbose_name=_("ответственный"))
    start_date = models.DateField(_("начало"), null=True, blank=True)
    deadline = models.DateField(_("срок"))
    state = models.CharField(_("состояние"), max_length=12, choices=ItemState.choices, default=ItemState.PLANNED)
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    evidence_file = models.FileField(_("подтверждающий файл"), upload_to="roadmap/evidence/%Y/%m/", blank=True)
    evidence_url = models.URLField(_("ссылка на подтверждение"), max_length=500, blank=True)
    evidence_note = models.TextField(_("комментарий"), blank=True)
    completed_at = models.DateField(_("выполнено"), null=True, blank=True)
    updated_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("мероприятие дорожной карты")
        verbose_name_plural = _("мероприятия дорожной карты")
        ordering = ["order", "deadline", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(weight__gte=1), name="roadmap_item_weight_positive")]

    def __str__(self) -> str:
        return self.title
