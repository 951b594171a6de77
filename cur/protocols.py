"""Integration paths (the REST API, Open311) answer every error in their protocol's own format.

Django turns a body over its limit, too many form fields, a malformed request, an unknown path or
an unhandled exception into an HTML page; an integrated system cannot read it, and an HTML page
with a stack trace tells an attacker the portal's insides. The protocols are listed in
settings.CUR_PROTOCOLS by path prefix, each naming its error renderer by import path, so this
kernel module never imports the apps that own them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpResponse, UnreadablePostError
from django.utils.module_loading import import_string

logger = logging.getLogger("django.request")

INTERNAL_ERROR = "Внутренняя ошибка сервера. Она записана в журнал портала; повторите запрос позже."


@dataclass(frozen=True)
class Protocol:
    prefix: str
    render_error: object  # callable(request, status: int, detail: str) -> HttpResponse
    max_body_bytes: int | None


@cache
def _protocols() -> tuple[Protocol, ...]:
    return tuple(
        Protocol(prefix, import_string(spec["errors"]), spec.get("max_body_bytes"))
        for prefix, spec in settings.CUR_PROTOCOLS.items()
    )


def protocol_for(path: str) -> Protocol | None:
    return next((p for p in _protocols() if path.startswith(p.prefix)), None)


def too_large_text(limit: int) -> str:
    size = f"{limit // 2**20} МБ" if limit % 2**20 == 0 else f"{limit // 1024} КБ" if limit % 1024 == 0 else f"{limit} байт"
    return f"Тело запроса больше допустимых {size}."


def declared_length(request) -> int | None:
    """Content-Length as a number; None when absent or not made of ASCII digits."""
    raw = (request.META.get("CONTENT_LENGTH") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


class ProtocolBoundaries:
    """Placed first: a body over the protocol's limit is refused before anything reads it, and
    what a view of an integration path raises comes back in that protocol's format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        protocol = protocol_for(request.path_info)
        if protocol is not None and protocol.max_body_bytes is not None:
            raw = request.META.get("CONTENT_LENGTH")
            length = declared_length(request)
            if raw and length is None:
                return protocol.render_error(request, 400, "Заголовок Content-Length должен быть числом.")
            if length is not None and length > protocol.max_body_bytes:
                return protocol.render_error(request, 413, too_large_text(protocol.max_body_bytes))
        return self.get_response(request)

    def process_exception(self, request, exception):
        protocol = protocol_for(request.path_info)
        if protocol is None:
            return None
        return error_for_exception(protocol, request, exception)


def error_for_exception(protocol: Protocol, request, exception: BaseException) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return protocol.render_error(request, 413, "Тело запроса слишком велико.")
    if isinstance(exception, TooManyFieldsSent):
        return protocol.render_error(request, 400, "В запросе слишком много полей.")
    if isinstance(exception, (SuspiciousOperation, UnreadablePostError)):
        return protocol.render_error(request, 400, "Запрос повреждён или не может быть прочитан.")
    logger.error("Ошибка на %s", request.path, exc_info=exception, extra={"status_code": 500, "request": request})
    return protocol.render_error(request, 500, INTERNAL_ERROR)
