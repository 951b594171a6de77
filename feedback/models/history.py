from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from .messages import MessageStatus


class EventKind(models.TextChoices):
    CREATED = "created", _("поступило")
    IMPORTED = "imported", _("загружено из внешней системы")
    STATUS = "status", _("смена состояния")
    CLASSIFIED = "classified", _("классификация")
    ROUTED = "routed", _("направлено в орган")
    ANSWER = "answer", _("ответ органа")
    REVIEW = "review", _("проверка ответа")
    RATING = "rating", _("оценка жителя")
    DEADLINE = "deadline", _("изменение срока")
    COMMENT = "comment", _("комментарий")
    REROUTE_REQUEST = "reroute", _("запрос переадресации")
    DUPLICATE = "duplicate", _("отмечено дубликатом")
    MASS_PROBLEM = "mass", _("массовая проблема")


class MessageEvent(models.Model):
    """One immutable entry of a message's history: who, when, from → to, why.

    A database trigger refuses UPDATE and DELETE, so the history cannot be rewritten even by
    code that bypasses the ORM.
    """

    message = models.ForeignKey("feedback.Message", on_delete=models.CASCADE, related_name="events", verbose_name=_("сообщение"), db_index=False)
    at = models.DateTimeField(_("когда"), db_default=Now())
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("кто"))
    actor_role = models.CharField(_("в роли"), max_length=40, blank=True)
    kind = models.CharField(_("событие"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("из состояния"), max_length=16, choices=MessageStatus.choices, blank=True)
    to_status = models.CharField(_("в состояние"), max_length=16, choices=MessageStatus.choices, blank=True)
    note = models.TextField(_("комментарий"), blank=True)
    data = models.JSONField(_("подробности"), default=dict, blank=True)

    class Meta:
        verbose_name = _("событие истории")
        verbose_name_plural = _("история сообщений")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["message", "at"], name="event_message_time"),
            # History is append-only in time order: a BRIN index answers "changed since" for a
            # few pages of index instead of a B-tree as large as the table.
            BrinIndex(fields=["at"], name="event_time_brin"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("История сообщения не изменяется: события только добавляются.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("История сообщения не изменяется: события не удаляются.")
