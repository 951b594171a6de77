import secrets

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from .keys import hash_key


class Open311Key(models.Model):
    """An Open311 GeoReport v2 api_key of one external system, bound to the channel its requests come in by.

    Only the SHA-256 of the key is stored: a leaked database does not leak working keys. The key
    itself is shown once, when it is issued (see `issue`).
    """

    name = models.CharField(_("система"), max_length=200)
    channel = models.ForeignKey("feedback.Channel", on_delete=models.PROTECT, related_name="open311_keys", verbose_name=_("канал"))
    key_hash = models.CharField(_("хеш ключа"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("начало ключа"), max_length=8, editable=False, blank=True)
    requests_per_minute = models.PositiveIntegerField(_("запросов в минуту"), default=60)
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("выдан"), db_default=Now())
    last_used_at = models.DateTimeField(_("последнее обращение"), null=True, blank=True)

    class Meta:
        verbose_name = _("ключ Open311")
        verbose_name_plural = _("ключи Open311")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def issue(self) -> str:
        """A new random key for this record (not saved here); returns the key to hand over once."""
        raw = secrets.token_urlsafe(32)
        self.key_hash = hash_key(raw)
        self.key_prefix = raw[:8]
        return raw
