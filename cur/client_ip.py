"""Who is signing in, for login throttling (django-axes): the client's address and the account name.

X-Forwarded-For is written by whoever sends the request, so only the entries appended by the
portal's own proxies (settings.CUR_TRUSTED_PROXY_COUNT, counted from the right) are believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.CUR_TRUSTED_PROXY_COUNT
    if count:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= count:
            remote = chain[-count]
    try:
        return str(ipaddress.ip_address(remote)) if remote else None
    except ValueError:
        return None


def login_username(request, credentials: dict | None) -> str:
    """The name as Django compares it (case-insensitively here): «Operator» and «operator» are one account."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(name).strip().casefold()[:150]
