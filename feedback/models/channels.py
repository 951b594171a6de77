from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("календарных дней")
    WORKING_DAYS = "working_days", _("рабочих дней")
    WORKING_HOURS = "working_hours", _("рабочих часов")


class MessageKind(models.Model):
    """Kind of incoming item: обращение 59-ФЗ, сообщение ПОС, инцидент. Each has its own deadline rules."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    # 59-ФЗ allows one extension of up to 30 days with notice to the author.
    extendable = models.BooleanField(_("срок можно продлить"), default=False)
    # Default deadline rules of the kind (DESIGN.md §3); per-channel and per-category policies refine them.
    answer_term = models.PositiveSmallIntegerField(_("срок ответа"), default=30)
    answer_unit = models.CharField(_("единица срока ответа"), max_length=16, choices=DeadlineUnit.choices, default=DeadlineUnit.CALENDAR_DAYS)
    first_response_hours = models.PositiveSmallIntegerField(
        _("срок первого отклика, рабочих часов"), null=True, blank=True,
        help_text=_("Для инцидентов из соцсетей: ответ «взяли в работу» в течение стольких рабочих часов."),
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=100)

    class Meta:
        verbose_name = _("вид сообщения")
        verbose_name_plural = _("виды сообщений")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    """Where a message came from: ПОС, regional system, social network, phone, letter…"""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=200)
    default_kind = models.ForeignKey(
        MessageKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("вид сообщения по умолчанию"),
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=100)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("канал поступления")
        verbose_name_plural = _("каналы поступления")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
