"""Where a form sends the user back to («next»): only a path of this portal, or a default.

A «next» comes from the request, so it may name another site (an open redirect), hold control
characters that cannot go into a Location header, or be a bare word that Django's redirect()
would take for a view name. One rule for every view that honours it.
"""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, target: str | None, *, default: str, within: str = "/") -> str:
    """`target` when it is a local path starting with `within`, otherwise `default`."""
    target = (target or "").strip()
    if (
        target.startswith(within)
        and target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default
