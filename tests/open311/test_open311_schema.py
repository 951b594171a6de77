"""Every Open311 answer, in JSON and in XML, against the JSON Schemas of schemas/ (the GeoReport v2
field types: null where a value is absent, numbers for lat/long, W3C datetimes, the error list).

The data is what a channel really holds: classified and unclassified requests, with and without
coordinates, with and without media_url, in every state, and a category whose code every sector
shares («other»). XML is parsed as it comes (so it must be well-formed), turned into the JSON
structure (tests/open311/helpers.py) and must then equal the JSON answer.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import CLOSED_STATUSES, Message, MessageStatus
from tests.open311.helpers import checked

pytestmark = pytest.mark.django_db

FORMATS = ("json", "xml")


@pytest.fixture
def corpus(region, make_message):
    """The key's channel (ПОС) with a request of every kind and state; one more in social networks."""
    for category in (region.categories["Дороги: прочие"], region.categories["Здравоохранение: прочие"]):
        category.code = "other"  # as in the real reference: each sector's «Прочие по направлению»
        category.save(update_fields=["code"])
    now = timezone.now()
    pothole = region.categories["Ямы и выбоины"]
    messages = [
        make_message(
            region, text="Яма на проезжей части у дома 5 по ул. Советской, колесо пробито.",
            category=pothole, sector=region.roads, agency=region.transport, status=MessageStatus.ROUTED,
            address="Тверь, ул. Советская, 5", latitude=56.8587, longitude=35.9176,
            source_url="https://pos.gosuslugi.ru/feedback/123456", deadline_at=now + timedelta(days=10),
        ),
        make_message(region, text="Не работает уличное освещение во дворе, темно с пяти вечера."),  # unclassified, nowhere
        make_message(region, text="Длинное письмо о капитальном ремонте дома. " * 150),  # past the spec's 4000 characters
        make_message(
            region, text="Во дворе свалка веток после покоса.", category=region.categories["Дороги: прочие"],
            sector=region.roads, status=MessageStatus.CLASSIFIED, address="Ржев, ул. Ленина, 12",
        ),
    ]
    categories = [pothole, region.categories["Запись к врачу"], None]
    for i, status in enumerate(MessageStatus):
        category = categories[i % 3]
        fields = {"status": status, "address": f"Тверь, пр-т Калинина, {i + 1}"}
        if category is not None:
            fields |= {"category": category, "sector": category.sector}
        if i % 2:
            fields |= {"latitude": 56.85 + i / 1000, "longitude": 35.9 + i / 1000, "source_url": f"https://vk.com/wall-1_{i}"}
        if status == MessageStatus.REJECTED:
            fields |= {"closed_at": now, "deadline_at": None}  # refused by moderation: no answer owed
        elif status in CLOSED_STATUSES:
            fields["closed_at"] = now
        else:
            fields["deadline_at"] = now + timedelta(days=i)
        messages.append(make_message(region, text=f"Обращение № {i}: состояние {status.label}.", **fields))
    make_message(region, channel=region.social, text="Пост в соцсети: яма на Тверском проспекте.", latitude=56.86, longitude=35.91)
    return messages


def _both(client, url: str, name: str, *, status: int = 200):
    """The JSON answer, after checking it and the XML answer against the schema and each other."""
    data = checked(client.get(f"{url.format(fmt='json')}"), name, "json", status=status)
    xml = checked(client.get(f"{url.format(fmt='xml')}"), name, "xml", status=status)
    assert xml == data
    return data


def test_it_discovery_matches_its_schema(client, region):
    data = _both(client, "/open311/v2/discovery.{fmt}", "discovery")
    assert "Отличия от GeoReport v2" in data["key_service"]


def test_it_services_and_every_definition_match_their_schemas_with_unique_usable_codes(client, corpus, open311_key):
    _, raw = open311_key
    services = _both(client, "/open311/v2/services.{fmt}", "services")
    codes = [s["service_code"] for s in services]
    assert len(codes) == len(set(codes)) == 8
    assert {"roads/other", "health/other"} <= set(codes) and "other" not in codes
    for code in codes:
        definition = _both(client, f"/open311/v2/services/{code}.{{fmt}}", "service_definition")
        assert definition["service_code"] == code
        created = client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": code, "address_string": "Тверь, Советская, 5", "description": f"Проверка услуги {code}"})
        assert created.status_code == 201, (code, created.content)


def test_it_requests_match_their_schema_in_every_variant(client, corpus, open311_key):
    _, raw = open311_key
    data = _both(client, f"/open311/v2/requests.{{fmt}}?api_key={raw}", "requests")
    assert len(data) == len(corpus)
    # Every variant is there, so every branch of the schema was exercised.
    assert {r["status"] for r in data} == {"open", "closed"}
    assert any(r["service_code"] is None and r["service_name"] is None for r in data)
    assert any(r["service_code"] == "roads/other" for r in data)
    assert any(r["lat"] is None and r["long"] is None for r in data)
    assert any(isinstance(r["lat"], float) and isinstance(r["long"], float) for r in data)
    assert any(r["media_url"] is None for r in data) and any(r["media_url"] for r in data)
    assert any(r["expected_datetime"] is None for r in data) and any(r["expected_datetime"] for r in data)
    assert any(r["agency_responsible"] is None for r in data) and any(r["agency_responsible"] for r in data)
    assert any(r["address"] is None for r in data)
    assert {r["status_notes"] for r in data} >= {str(s.label) for s in MessageStatus}
    for status in ("open", "closed"):
        chosen = _both(client, f"/open311/v2/requests.{{fmt}}?api_key={raw}&status={status}", "requests")
        assert chosen and {r["status"] for r in chosen} == {status}


def test_it_each_request_and_its_token_match_their_schemas(client, corpus, open311_key):
    key, raw = open311_key
    key.requests_per_minute = 1000  # four reads of each of 16 requests
    key.save(update_fields=["requests_per_minute"])
    for message in corpus:
        [one] = _both(client, f"/open311/v2/requests/{message.number}.{{fmt}}?api_key={raw}", "requests")
        assert one["service_request_id"] == message.number
        [token] = _both(client, f"/open311/v2/tokens/{message.number}.{{fmt}}?api_key={raw}", "token")
        assert token["service_request_id"] == message.number


def test_it_public_reads_match_the_requests_schema(client, corpus, settings):
    settings.CUR_OPEN311_PUBLIC_READ = True
    data = _both(client, "/open311/v2/requests.{fmt}", "requests")
    assert len(data) == len(corpus) + 1  # every channel's
    assert all(r["media_url"] is None for r in data)
    _both(client, f"/open311/v2/requests/{corpus[0].number}.{{fmt}}", "requests")
    _both(client, f"/open311/v2/tokens/{corpus[0].number}.{{fmt}}", "token")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "fields",
    [
        {"service_code": "roads-0", "lat": "56.8587", "long": "35.9176", "media_url": "https://example.ru/photo.jpg"},
        {"service_code": "roads/other", "address_string": "Тверь, Советская, 5"},
        {"service_code": "health-1", "address_string": "Ржев", "first_name": "Анна", "last_name": "Смирнова", "email": "a@example.ru"},
    ],
    ids=["with-point-and-media", "ambiguous-code-with-sector", "with-author"],
)
def test_it_post_answers_match_their_schema(client, corpus, open311_key, fmt, fields):
    _, raw = open311_key
    body = {"api_key": raw, "description": "Не вывозят мусор третью неделю.", **fields}
    first = checked(client.post(f"/open311/v2/requests.{fmt}", body), "post_answer", fmt, status=201)
    again = checked(client.post(f"/open311/v2/requests.{fmt}", body), "post_answer", fmt, status=200)
    assert first == again
    assert Message.objects.filter(pk=int(first[0]["service_request_id"])).exists()


def _errors(client, raw: str, fmt: str):
    """(what, response) for every refusal Open311 can give."""
    yield "400 bad status", client.get(f"/open311/v2/requests.{fmt}?api_key={raw}&status=maybe"), 400
    yield "400 unknown service_code", client.post(f"/open311/v2/requests.{fmt}", {"api_key": raw, "service_code": "nope", "address_string": "a", "description": "x"}), 400
    yield "400 ambiguous service_code", client.get(f"/open311/v2/services/other.{fmt}"), 400
    yield "400 NUL in the path", client.get(f"/open311/v2/services/%00.{fmt}"), 400
    yield "403 no key", client.get(f"/open311/v2/requests.{fmt}"), 403
    yield "404 unknown service", client.get(f"/open311/v2/services/nope.{fmt}"), 404
    yield "404 unknown request", client.get(f"/open311/v2/requests/99999999.{fmt}?api_key={raw}"), 404
    yield "404 unknown path", client.get(f"/open311/v2/nothing/here.{fmt}"), 404
    yield "405 wrong method", client.delete(f"/open311/v2/requests.{fmt}"), 405
    yield "413 body too large", client.post(f"/open311/v2/requests.{fmt}", {"api_key": raw, "description": "я" * 40000}), 413


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_every_error_matches_the_error_list_schema(client, corpus, open311_key, fmt):
    key, raw = open311_key
    for what, response, status in _errors(client, raw, fmt):
        errors = checked(response, "errors", fmt, status=status)
        assert {e["code"] for e in errors} == {status}, what
    key.requests_per_minute = 1
    key.save(update_fields=["requests_per_minute"])
    client.get(f"/open311/v2/requests.{fmt}?api_key={raw}")
    errors = checked(client.get(f"/open311/v2/requests.{fmt}?api_key={raw}"), "errors", fmt, status=429)
    assert errors[0]["code"] == 429
