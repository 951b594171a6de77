"""JSON bodies up to settings.API_MAX_BODY_BYTES; a larger one is refused with 413 before parsing."""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

from cur.protocols import too_large_text


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


def too_large(detail: str) -> PayloadTooLarge:
    return PayloadTooLarge(detail)


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise too_large(too_large_text(limit))
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large(too_large_text(limit))
        try:
            return json.loads(raw.decode(parser_context.get("encoding", "utf-8") if parser_context else "utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"Тело запроса — не JSON: {exc}") from None
        except RecursionError:
            # «[[[[…» nested deeper than Python's stack: no message of ours is built like that.
            raise exceptions.ParseError("Тело запроса — JSON со слишком глубокой вложенностью.") from None
