"""Hostile values in every URL pattern, every form and every query of the portal: NUL, control and
direction characters, huge and nested values, numbers past bigint, malformed UTF-8. Whatever
comes, the portal answers 4xx (or the page with a form error), never a server error.

The pages and forms are found by crawling the demo region as several roles (tests/portal_walk.py);
the URL patterns are read from the resolver, so a new page is swept the day it is added.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.portal_walk import crawl, demo_portal_fixture, query_of, url_patterns

# Each value goes into one place at a time; together they cover what attackers and broken systems send.
HOSTILE = [
    "a\x00b",
    "\x01\x0b\ufffe\u202e",
    "9" * 40,  # past bigint
    "-1",
    "²",
    "x" * 20_000,
    "[" * 5_000,
]
# Path segments: as a client would encode them; «%ED%A0%80» is a lone surrogate in UTF-8.
PATH_HOSTILE = ["%00", "%01%0B%E2%80%AE", "9" * 40, "%C2%B2", "x" * 2_000, "%ED%A0%80", "..%2F..%2F"]


@pytest.fixture(scope="module")
def demo_portal(django_db_setup, django_db_blocker):
    yield from demo_portal_fixture(django_db_blocker)


def _login(client, username):
    client.raise_request_exception = False  # a server error is counted, not raised
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _server_errors(responses) -> list[str]:
    return [f"{what} → {r.status_code}" for what, r in responses if r.status_code >= 500]


def _short(text: str) -> str:
    return text if len(text) < 120 else text[:100] + f"…({len(text)} симв.)"


@pytest.mark.parametrize("username", ["head", "operator", "agency"])
def test_no_form_or_query_of_any_page_gives_a_server_error(demo_portal, db, client, username):
    _login(client, username)
    found = crawl(client, per_pattern=1)
    assert "/messages/" in found.pages and any(p.startswith("/messages/") and p[10:11].isdigit() for p in found.pages), "обход не дошёл до очереди и карточки"
    responses = []
    for form in found.forms:
        target = urlsplit(form.action).path
        if target.startswith(("/logout/", "/i18n/")):
            continue
        for value in HOSTILE:
            for name in form.fields:
                data = {**form.fields, name: value}
                r = client.post(target, data) if form.method == "post" else client.get(target, data)
                responses.append((f"{form.method.upper()} {target} {name}={_short(repr(value))}", r))
    for path in found.pages:
        params = query_of(path)
        if not params:
            continue
        base = urlsplit(path).path
        for value in HOSTILE:
            for name in params:
                responses.append((f"GET {base} ?{name}={_short(repr(value))}", client.get(base, {**params, name: value})))
    errors = _server_errors(responses)
    assert not errors, "\n".join(errors[:40])


@pytest.mark.parametrize("username", ["head", "agency"])
def test_no_url_pattern_gives_a_server_error_for_hostile_path_values(demo_portal, db, client, username):
    _login(client, username)
    responses = []
    for template, converters in url_patterns():
        if not converters:
            continue
        for value in PATH_HOSTILE:
            path = template.format(*[value] * len(converters))
            for method in ("get", "post"):
                r = getattr(client, method)(path)
                responses.append((f"{method.upper()} {_short(path)}", r))
    errors = _server_errors(responses)
    assert not errors, "\n".join(errors[:40])


def test_the_api_and_open311_answer_hostile_values_in_their_own_format(demo_portal, db):
    from feedback.api.tokens import token_issue
    from feedback.models import ApiScope, Channel, IntegrationSystem, Open311Key

    channel = Channel.objects.get(code="pos")
    system = IntegrationSystem.objects.create(name="Сканер", channel=channel, scopes=[s.value for s in ApiScope])
    _token, key = token_issue(system=system)
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    open311_key = Open311Key(name="Сканер", channel=channel)
    raw = open311_key.issue()
    open311_key.save()
    responses = []
    for template, converters in url_patterns():
        if not template.startswith(("/api/", "/open311/")):
            continue
        fills = PATH_HOSTILE if converters else [""]
        for value in fills:
            path = template.format(*[value] * len(converters))
            if template.startswith("/open311/") and "{}" in template and not path.endswith((".json", ".xml")):
                path = template.replace(".{}", ".json").format(*[value] * (len(converters) - 1))
            for query_value in HOSTILE:
                query = {"api_key": raw, "since": query_value, "cursor": query_value, "service_code": query_value,
                         "start_date": query_value, "status": query_value, "service_request_id": query_value}
                responses.append((f"GET {_short(path)} ?…={_short(repr(query_value))}", api.get(path + "?" + urlencode(query))))
                body = {"api_key": raw, "service_code": query_value, "description": query_value, "text": query_value,
                        "external_id": query_value, "received_at": query_value, "address_string": query_value}
                responses.append((f"POST {_short(path)} form {_short(repr(query_value))}", api.post(path, body)))
                responses.append((f"POST {_short(path)} json {_short(repr(query_value))}", api.post(path, {"items": [body], **body}, format="json")))
            responses.append((f"POST {_short(path)} nested", api.post(path, "[" * 100_000, content_type="application/json")))
            responses.append((f"POST {_short(path)} not utf-8", api.post(path, b"\xff\xfe{\x00}", content_type="application/json")))
    errors = _server_errors(responses)
    assert not errors, "\n".join(errors[:40])
    for what, r in responses:
        if what.split()[1].startswith(("/api/v1/docs/", "/api/v1/redoc/")):
            continue  # the documentation pages are HTML for people
        ctype = r.get("Content-Type", "")
        assert "html" not in ctype, f"{what}: ответ в HTML вместо формата протокола"


def test_the_sweep_would_see_a_server_error(demo_portal, db, client, settings):
    """The sweep's own check: a view that fails is reported, not hidden by the test client."""
    _login(client, "head")
    r = client.get("/messages/" + quote("9" * 40) + "/")
    assert r.status_code in (404, 400)
    assert _server_errors([("x", type("R", (), {"status_code": 500})())]) == ["x → 500"]
