from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

# Characters of a reply's first line kept and shown in the delivery log.
REPLY_LINE = 200


def validate_webhook_scheme(url: str) -> None:
    """A receiver takes POSTs over HTTP: http:// and https:// only (not ftp:// and the like)."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        raise ValidationError(
            _("Адрес получателя должен начинаться с http:// или https:// (указано: «%(scheme)s»)."),
            code="scheme", params={"scheme": scheme or "—"},
        )


class WebhookEvent(models.TextChoices):
    ROUTED = "message.routed", _("сообщение направлено в орган")
    STATUS = "message.status", _("смена состояния сообщения")


class WebhookEndpoint(models.Model):
    """An agency's system that wants routed messages and their state changes pushed to it."""

    agency = models.ForeignKey("sectors.Agency", on_delete=models.CASCADE, related_name="webhook_endpoints", verbose_name=_("орган"))
    # Only the form is checked here; whether the address is outside the portal's networks is checked
    # by the admin on save and, what counts, at every delivery (feedback.webhooks.safe_http).
    url = models.URLField(_("адрес"), max_length=500, validators=[validate_webhook_scheme], help_text=_("http:// или https://; внутренние адреса (localhost, 10.x, 192.168.x и т. п.) — только из сетей CUR_WEBHOOK_ALLOWED_NETWORKS."))
    # Shared with the agency: it checks X-CUR-Signature with it.
    secret = models.CharField(_("секрет подписи"), max_length=200)
    events = models.JSONField(_("события"), default=list, blank=True, help_text=_("Коды событий; пусто — все события."))
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создан"), db_default=Now())

    class Meta:
        verbose_name = _("адрес уведомлений органа")
        verbose_name_plural = _("адреса уведомлений органов")
        ordering = ["agency__name", "url"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("ожидает отправки")
    RETRYING = "retrying", _("повторная попытка")
    DELIVERED = "delivered", _("доставлено")
    FAILED = "failed", _("не доставлено")


class WebhookDelivery(models.Model):
    """One event for one endpoint, with the outcome of its last attempt."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("адрес"))
    message = models.ForeignKey("feedback.Message", on_delete=models.CASCADE, related_name="+", verbose_name=_("сообщение"), db_index=False)
    event = models.CharField(_("событие"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("содержимое"))
    status = models.CharField(_("состояние"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    response_code = models.PositiveSmallIntegerField(_("код ответа"), null=True, blank=True)
    response_excerpt = models.CharField(_("начало ответа"), max_length=500, blank=True)
    error = models.CharField(_("ошибка"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("создано"), db_default=Now())
    last_attempt_at = models.DateTimeField(_("последняя попытка"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("доставлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("доставка уведомления")
        verbose_name_plural = _("журнал доставки уведомлений")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["endpoint", "created_at"], name="webhook_delivery_endpoint"),
            models.Index(fields=["status", "created_at"], name="webhook_delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"

    @property
    def status_line(self) -> str:
        """«HTTP 500 Internal Server Error»: the standard phrase, not the receiver's words."""
        if self.response_code is None:
            return ""
        try:
            return f"HTTP {self.response_code} {HTTPStatus(self.response_code).phrase}"
        except ValueError:
            return f"HTTP {self.response_code}"

    @property
    def reply_line(self) -> str:
        """The start of the reply's first line (rows written before the limit may hold more)."""
        return next((line.strip() for line in self.response_excerpt.splitlines() if line.strip()), "")[:REPLY_LINE]

    @property
    def shown_error(self) -> str:
        """The error worth a line of its own: not the plain «Ответ 500» that the status line says."""
        return "" if self.error == f"Ответ {self.response_code}" else self.error
