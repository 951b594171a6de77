"""Open311 answers against the JSON Schemas in schemas/ (written from the GeoReport v2 field
types), in JSON and in XML: XML is parsed (so it must be well-formed) and turned into the same
structure, guided by the schema's types and `xml.name`s, then validated by the same schema."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from defusedxml import ElementTree as SafeET
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).parent / "schemas"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


@cache
def schema(name: str) -> dict:
    loaded = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(loaded)
    return loaded


def _resolved(part: dict, root: dict) -> dict:
    while "$ref" in part:
        assert part["$ref"].startswith("#/$defs/"), part["$ref"]
        part = root["$defs"][part["$ref"].removeprefix("#/$defs/")]
    return part


def _types(part: dict) -> set[str]:
    declared = part.get("type", "string")
    return {declared} if isinstance(declared, str) else set(declared)


def xml_to_data(element, part: dict, root: dict):
    """The JSON value `element` stands for, read with the schema `part`: an empty element is null
    where null is allowed, «true»/«false» a boolean, digits a number where the schema wants one."""
    part = _resolved(part, root)
    expected = part.get("xml", {}).get("name")
    assert expected is None or element.tag == expected, f"<{element.tag}> where <{expected}> is expected"
    types = _types(part)
    if "array" in types:
        return [xml_to_data(child, part.get("items", {}), root) for child in element]
    if "object" in types:
        data = {}
        for child in element:
            assert child.tag not in data, f"<{child.tag}> twice in <{element.tag}>"
            data[child.tag] = xml_to_data(child, part.get("properties", {}).get(child.tag, {"type": "string"}), root)
        return data
    assert len(element) == 0, f"<{element.tag}> holds elements where a value is expected"
    text = element.text or ""
    if text == "" and "null" in types:
        return None
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "integer" in types and _INTEGER.fullmatch(text):
        return int(text)
    if "number" in types and _NUMBER.fullmatch(text):
        return float(text)
    return text


def errors_of(validator: Draft202012Validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(data)]


def checked(response, name: str, fmt: str, *, status: int | None = None):
    """The answer's data, asserted to be valid against schemas/{name}.json (XML turned into it)."""
    if status is not None:
        assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == CONTENT_TYPES[fmt], response["Content-Type"]
    root = schema(name)
    if fmt == "xml":
        # The spec: UTF-8 declared before the root element; the document must parse as it is.
        assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        data = xml_to_data(SafeET.fromstring(response.content), root, root)
    else:
        data = json.loads(response.content)
    problems = errors_of(Draft202012Validator(root), data)
    assert not problems, f"{name}.{fmt}: " + "; ".join(problems[:10])
    return data
