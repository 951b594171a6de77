"""Issuing API tokens: the plain token is shown once, only its hash is kept."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction

from feedback.models import ApiToken, IntegrationSystem
from feedback.models.integrations import TOKEN_PREFIX_LENGTH


@transaction.atomic
def token_issue(*, system: IntegrationSystem, expires_on: datetime.date | None = None) -> tuple[ApiToken, str]:
    """A new token of the system and its plain value, which is not stored anywhere. With
    `expires_on` the token works through the end of that day in the region's time zone."""
    key = secrets.token_urlsafe(40)
    token = ApiToken.objects.create(system=system, prefix=key[:TOKEN_PREFIX_LENGTH], key_hash=ApiToken.hash(key), expires_on=expires_on)
    return token, key
