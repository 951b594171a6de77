"""`Authorization: Token <key>` (or `Bearer <key>`): the token names an integrated system."""

from __future__ import annotations

import copy
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from rest_framework import authentication, exceptions

from cur.process_cache import forget, remembered
from feedback.models import ApiToken, IntegrationSystem

# Writing "last used" on every request would add an UPDATE to each one; once a minute is enough
# for an administrator deciding whether a token is still in use.
LAST_USED_STEP = timedelta(minutes=1)


class ApiClient:
    """The caller of an API request: an integrated system, not a person."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token
        self.system: IntegrationSystem = token.system

    @property
    def pk(self) -> int:
        return self.token.pk

    def __str__(self) -> str:
        return str(self.system)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        try:
            header = authentication.get_authorization_header(request).split()
        except UnicodeEncodeError:
            raise exceptions.AuthenticationFailed("Токен содержит недопустимые символы.") from None
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Заголовок Authorization должен иметь вид «Token <токен>».")
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Токен содержит недопустимые символы.") from None
        token = _token_for(ApiToken.hash(key))
        if token is None or not token.is_active or not token.system.is_active:
            raise exceptions.AuthenticationFailed("Токен неизвестен или отозван.")
        if token.is_expired():
            raise exceptions.AuthenticationFailed(f"Срок действия токена истёк {token.expires_on:%d.%m.%Y}.")
        self._touch(token)
        return ApiClient(token), token

    def authenticate_header(self, request) -> str:
        return "Token"

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            IntegrationSystem.objects.filter(pk=token.system_id).update(last_used_at=now)


# The token and its system as they are now, by one small query on every request: revoking a token
# or a system, changing the token's expiry, or narrowing its scopes or rate, applies at once. The
# related objects the request needs (the system's channel with its default kind, its user) are
# kept in the process for seconds and read again as soon as the token points elsewhere.
_CHECK = (
    "SELECT t.id, t.is_active, t.expires_on, t.last_used_at, s.is_active, s.scopes, s.rate_per_minute, s.channel_id, s.agency_id, s.user_id "
    "FROM feedback_apitoken t JOIN feedback_integrationsystem s ON s.id = t.system_id WHERE t.key_hash = %s"
)


def _token_for(key_hash: str) -> ApiToken | None:
    with connection.cursor() as cursor:
        cursor.execute(_CHECK, [key_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    token_id, token_active, expires_on, last_used_at, system_active, scopes, rate, channel_id, agency_id, user_id = row
    name = f"api-token:{token_id}"

    def load() -> ApiToken:
        return ApiToken.objects.select_related("system", "system__channel", "system__channel__default_kind", "system__user").get(pk=token_id)

    kept = remembered(name, load)
    if (kept.system.channel_id, kept.system.agency_id, kept.system.user_id) != (channel_id, agency_id, user_id):
        forget(name)
        kept = remembered(name, load)
    # A copy per request: threads of the process share the kept objects.
    token, system = copy.copy(kept), copy.copy(kept.system)
    token.system = system
    token.is_active, token.expires_on, token.last_used_at = token_active, expires_on, last_used_at
    system.is_active, system.scopes, system.rate_per_minute = system_active, list(scopes or []), rate
    return token
