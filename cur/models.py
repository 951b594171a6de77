from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal account. What the person may do comes from the ЦУР roles of the linked official."""

    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def get_full_name(self) -> str:
        parts = [self.last_name, self.first_name, self.patronymic]
        full = " ".join(p for p in parts if p)
        return full or self.username

    def get_short_name(self) -> str:
        if self.last_name and self.first_name:
            initials = self.first_name[0] + "." + (self.patronymic[0] + "." if self.patronymic else "")
            return f"{self.last_name} {initials}"
        return self.username


class NotificationKind(models.TextChoices):
    GROWTH_ALERT = "growth_alert", _("Рост обращений")
    MASS_PROBLEM = "mass_problem", _("Массовая проблема")
    CLASSIFIER_TRAINED = "classifier_trained", _("Классификатор обучен")


class Notification(models.Model):
    """A note in the portal for one person (the bell in the top bar); written by services only.

    The dedupe key names the event (a spike of a category in a municipality on a day, say): a
    periodic task that finds the same event again inserts nothing, the database refuses the pair.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("получатель")
    )
    kind = models.CharField(_("вид"), max_length=40, choices=NotificationKind.choices)
    title = models.CharField(_("заголовок"), max_length=300)
    body = models.TextField(_("текст"), blank=True)
    # A path inside the portal (the queue with filters), not an absolute URL: the host may change.
    url = models.CharField(_("ссылка"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)
    dedupe_key = models.CharField(_("ключ события"), max_length=200)

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_event"),
        ]
        indexes = [
            # The unread badge on every page: count where recipient = me and read_at is null.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
