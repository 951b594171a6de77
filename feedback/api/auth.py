"""`Authorization: Token <key>` (or `Bearer <key>`): the token names an integrated system."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

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
        token = (
            ApiToken.objects.select_related("system", "system__channel", "system__channel__default_kind", "system__user")
            .filter(key_hash=ApiToken.hash(key))
            .first()
        )
        if token is None or not token.is_active or not token.system.is_active:
            raise exceptions.AuthenticationFailed("Токен неизвестен или отозван.")
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
