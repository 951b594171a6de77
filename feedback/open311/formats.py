"""Open311 GeoReport v2 bodies as JSON or XML, and the spec's error list.

XML is built with ElementTree, which escapes every text node: a resident's «<script>» arrives as
text, never as markup. Element names are fixed by us, never taken from input. Characters XML 1.0
cannot carry (a stray \x01 in a resident's text) are dropped from every text node (cur.untrusted_text),
so the document is always well-formed. A null is an empty element in XML.
"""

from __future__ import annotations

import json
from datetime import datetime
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

from cur.untrusted_text import xml_safe

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The root and item element of each list the spec defines.
LISTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}


def w3c(value: datetime | None) -> str:
    """W3C datetime with the region's offset, e.g. 2026-03-01T10:15:00+03:00; empty for none."""
    if value is None:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def w3c_or_null(value: datetime | None) -> str | None:
    """As `w3c`, but None (JSON null) for none: Open311's fields are null where there is no value."""
    return w3c(value) if value is not None else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_safe(str(value))


def _fill(element: ET.Element, data: dict, item_names: dict[str, str]) -> None:
    for key, value in data.items():
        child = ET.SubElement(element, key)
        if isinstance(value, dict):
            _fill(child, value, item_names)
        elif isinstance(value, list):
            name = item_names.get(key, key.rstrip("s"))
            for entry in value:
                sub = ET.SubElement(child, name)
                if isinstance(entry, dict):
                    _fill(sub, entry, item_names)
                else:
                    sub.text = _text(entry)
        else:
            child.text = _text(value)


# Lists nested inside an item: their element names per the spec.
_NESTED = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format", "keywords": "keyword"}


def to_xml(data, kind: str) -> bytes:
    """kind: a key of LISTS for a list body, or the root element's name for one object."""
    if kind in LISTS:
        root_name, item_name = LISTS[kind]
        root = ET.Element(root_name)
        for entry in data:
            _fill(ET.SubElement(root, item_name), entry, _NESTED)
    else:
        root = ET.Element(kind)
        _fill(root, data, _NESTED)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + ET.tostring(root, encoding="unicode").encode("utf-8", "replace")


def render(data, fmt: str, kind: str, *, status: int = 200) -> HttpResponse:
    # JSON escapes control characters itself; "replace" only guards against a lone surrogate,
    # which no database text holds but which UTF-8 cannot encode.
    body = to_xml(data, kind) if fmt == "xml" else json.dumps(data, ensure_ascii=False).encode("utf-8", "replace")
    return HttpResponse(body, content_type=FORMATS[fmt], status=status)


def errors(fmt: str, status: int, *descriptions: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """The spec's error body: a list of {code, description}; code is the HTTP status."""
    response = render([{"code": status, "description": d} for d in descriptions], fmt, "errors", status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
