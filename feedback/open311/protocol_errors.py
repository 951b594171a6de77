"""Errors raised outside the Open311 views (unknown path, body Django refuses, server error) as the
GeoReport v2 error list, in the format the path's extension asks for (JSON when it names none)."""

from __future__ import annotations

from django.http import HttpResponse

from feedback.open311.formats import errors


def protocol_error(request, status_code: int, detail: str) -> HttpResponse:
    fmt = "xml" if request.path_info.rstrip("/").lower().endswith(".xml") else "json"
    return errors(fmt, status_code, detail)
