"""Systems that talk to the portal through the REST API, and their tokens.

A system (the federal feedback platform, a municipal system, an agency's document system) may
create messages only in its own channel and do only what its scopes say. An agency's system reads
only the messages routed to that agency and answers on its behalf as the agency's account `user`,
so the answer workflow checks it exactly as it checks a person.

Tokens are stored as SHA-256 hashes: a token is 40 random bytes, so a slow password hash would buy
nothing, and a fast one keeps authentication to one indexed lookup per request.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .keys import hash_key

TOKEN_PREFIX_LENGTH = 8


class ApiScope(models.TextChoices):
    MESSAGES_CREATE = "messages:create", _("создание сообщений")
    MESSAGES_READ = "messages:read", _("чтение сообщений")
    ANSWERS_WRITE = "answers:write", _("ответы органа")
    CHANGES_READ = "changes:read", _("лента изменений")


class IntegrationSystem(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    channel = models.ForeignKey(
        "feedback.Channel", on_delete=models.PROTECT, related_name="integration_systems", verbose_name=_("канал"),
        help_text=_("Сообщения от системы создаются в этом канале; без органа система читает сообщения своего канала."),
    )
    scopes = ArrayField(
        models.CharField(max_length=32, choices=ApiScope.choices), verbose_name=_("права"), default=list, blank=True,
    )
    agency = models.ForeignKey(
        "sectors.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="integration_systems",
        verbose_name=_("орган"), help_text=_("Для системы органа: она видит только сообщения, направленные в этот орган."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="integration_systems",
        verbose_name=_("учётная запись органа"),
        help_text=_("От её имени система даёт ответы; у неё должна быть роль исполнителя этого органа."),
    )
    rate_per_minute = models.PositiveIntegerField(
        _("запросов в минуту"), null=True, blank=True, help_text=_("Пусто — предел из настроек портала."),
    )
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создана"), db_default=Now())
    last_used_at = models.DateTimeField(_("последнее обращение"), null=True, blank=True)

    class Meta:
        verbose_name = _("внешняя система")
        verbose_name_plural = _("внешние системы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if ApiScope.ANSWERS_WRITE in (self.scopes or []) and (self.agency_id is None or self.user_id is None):
            raise ValidationError(_("Право давать ответы требует органа и учётной записи органа."))


class ApiToken(models.Model):
    system = models.ForeignKey(IntegrationSystem, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("система"))
    # The first characters of the token, shown in the admin so a leaked token can be recognised.
    prefix = models.CharField(_("начало токена"), max_length=TOKEN_PREFIX_LENGTH)
    key_hash = models.CharField(_("хеш токена"), max_length=64, unique=True)
    is_active = models.BooleanField(_("действует"), default=True)
    # The last day the token works, through its end in the region's time zone (settings.TIME_ZONE).
    expires_on = models.DateField(
        _("действует по"), null=True, blank=True, help_text=_("Последний день действия токена (до конца дня); пусто — бессрочно."),
    )
    created_at = models.DateTimeField(_("создан"), db_default=Now())
    last_used_at = models.DateTimeField(_("последнее обращение"), null=True, blank=True)

    class Meta:
        verbose_name = _("токен API")
        verbose_name_plural = _("токены API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.system})"

    @staticmethod
    def hash(key: str) -> str:
        return hash_key(key)

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on is not None and (today or region_today()) > self.expires_on


def region_today() -> datetime.date:
    """Today in the region's time zone, whatever zone the request has activated."""
    return timezone.localdate(timezone=timezone.get_default_timezone())
