"""Open311 GeoReport v2 against the specification's field lists, formats, errors and codes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from defusedxml import ElementTree as SafeET
from django.utils import timezone

from feedback.models import Message, MessageStatus, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
# GeoReport v2, GET Service Definition: the fields of each attribute, and the allowed datatypes.
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description"}
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
    "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
    "lat", "long", "media_url",
}


def _post(client, raw, fmt="json", **fields):
    data = {"api_key": raw, "service_code": "roads-0", "lat": "56.8587", "long": "35.9176", "description": "Яма на Советской, 5", **fields}
    return client.post(f"/open311/v2/requests.{fmt}", data)


def test_it_discovery_lists_the_v2_endpoint_in_both_formats(client, region):
    data = client.get("/open311/v2/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    assert data["endpoints"][0]["url"].endswith("/open311/v2/")
    assert data["endpoints"][0]["formats"] == ["application/json", "text/xml"]
    xml = client.get("/open311/v2/discovery.xml")
    # The spec: UTF-8 declared before the root element, and in the content type.
    assert xml.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>') and xml["Content-Type"] == "text/xml; charset=utf-8"
    root = SafeET.fromstring(xml.content)
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["application/json", "text/xml"]


def test_it_services_are_the_active_categories_with_the_spec_fields(client, region):
    region.categories["Тротуары"].is_active = False
    region.categories["Тротуары"].save(update_fields=["is_active"])
    data = client.get("/open311/v2/services.json").json()
    assert len(data) == 7  # 8 categories of the fixture, one withdrawn
    first = data[0]
    assert set(first) == SERVICE_FIELDS
    assert first == {
        "service_code": "roads-0", "service_name": "Ямы и выбоины", "description": "Дороги: Ямы и выбоины",
        "metadata": True, "type": "realtime", "keywords": "ямы и выбоины", "group": "Дороги",
    }
    root = SafeET.fromstring(client.get("/open311/v2/services.xml").content)
    assert root.tag == "services" and len(root.findall("service")) == 7
    service = root.find("service")
    assert {child.tag for child in service} == SERVICE_FIELDS
    assert service.findtext("metadata") == "true" and service.findtext("group") == "Дороги"


def test_it_service_definition_advertises_the_attributes_we_accept_and_unknown_code_is_404(client, region, open311_key):
    data = client.get("/open311/v2/services/roads-0.json").json()
    assert set(data) == {"service_code", "attributes"} and data["service_code"] == "roads-0"
    [attribute] = data["attributes"]
    assert set(attribute) == ATTRIBUTE_FIELDS
    assert (attribute["code"], attribute["datatype"], attribute["variable"], attribute["required"]) == ("external_id", "string", True, False)
    assert attribute["datatype"] in DATATYPES and attribute["order"] == 1 and attribute["description"]
    root = SafeET.fromstring(client.get("/open311/v2/services/roads-0.xml").content)
    assert root.tag == "service_definition" and root.findtext("service_code") == "roads-0"
    xml_attribute = root.find("attributes/attribute")
    assert {child.tag for child in xml_attribute} == ATTRIBUTE_FIELDS
    assert (xml_attribute.findtext("code"), xml_attribute.findtext("variable"), xml_attribute.findtext("required")) == ("external_id", "true", "false")
    # What is advertised is what a POST takes: the attribute names the request for re-sending.
    _, raw = open311_key
    first = _post(client, raw, **{f"attribute[{attribute['code']}]": "Z-7"})
    assert first.status_code == 201 and _post(client, raw, **{"attribute[external_id]": "Z-7", "description": "другое"}).status_code == 200
    response = client.get("/open311/v2/services/nope.xml")
    assert response.status_code == 404
    error = SafeET.fromstring(response.content)
    assert error.tag == "errors" and error.findtext("error/code") == "404"


def test_it_post_creates_one_message_in_the_keys_channel_with_the_declared_category(client, region, open311_key):
    key, raw = open311_key
    response = _post(client, raw, first_name="Иван", last_name="Петров", email="ivan@example.ru", phone="8 912 345-67-89")
    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get()
    assert body == [{"service_request_id": message.number, "service_notice": None, "account_id": None}]
    assert message.channel == region.pos and message.category == region.categories["Ямы и выбоины"] and message.sector == region.roads
    # No routing rule for the category: classified at once, an operator routes it.
    assert message.status == MessageStatus.CLASSIFIED and message.agency is None
    assert message.author_name == "Петров Иван" and message.author_phone == "+79123456789"
    assert (message.latitude, message.longitude) == (56.8587, 35.9176)
    assert message.events.get(kind="classified").data["auto"] == "open311"


def test_it_post_routes_the_request_when_a_rule_knows_the_agency(client, region, open311_key, django_capture_on_commit_callbacks):
    from sectors.models import RoutingRule

    _, raw = open311_key
    RoutingRule.objects.create(category=region.categories["Ямы и выбоины"], agency=region.transport)
    endpoint = WebhookEndpoint.objects.create(agency=region.transport, url="https://transport.example/hook", secret="s")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _post(client, raw).status_code == 201
    message = Message.objects.get()
    assert (message.status, message.agency) == (MessageStatus.ROUTED, region.transport)
    assert list(message.events.order_by("id").values_list("kind", flat=True)) == ["created", "classified", "routed"]
    assert WebhookDelivery.objects.get().endpoint == endpoint
    # After the commit: the webhook's sending, and (in one queueing) the agency's notice and the analysis.
    assert len(callbacks) == 2
    detail = client.get(f"/open311/v2/requests/{message.pk}.json?api_key={raw}").json()[0]
    assert detail["agency_responsible"] == region.transport.name


def test_it_post_twice_with_the_same_body_or_external_id_makes_one_message(client, region, open311_key):
    _, raw = open311_key
    first = _post(client, raw)
    again = _post(client, raw)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert Message.objects.count() == 1
    a = _post(client, raw, **{"attribute[external_id]": "A-1", "description": "первый текст"})
    b = _post(client, raw, **{"attribute[external_id]": "A-1", "description": "исправленный текст"})
    assert a.status_code == 201 and b.status_code == 200 and a.json() == b.json()
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "status", "needle"),
    [
        ({"service_code": "nope"}, 400, "«nope» не найдена"),
        ({"service_code": ""}, 400, "service_code"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "lat и long или address_string"),
        ({"lat": "956"}, 400, "Широта «956»"),
        ({"lat": "56.8", "long": ""}, 400, "не указана долгота"),
        ({"description": ""}, 400, "Не заполнен текст сообщения"),
        ({"description": "я" * 4001}, 400, "длиннее 4000"),
        ({"email": "not-an-email"}, 400, "Электронная почта «not-an-email»"),
        ({"media_url": "javascript:alert(1)"}, 400, "Ссылка на источник"),
    ],
)
def test_it_post_refuses_bad_input_in_the_spec_error_format(client, region, open311_key, fields, status, needle):
    _, raw = open311_key
    for fmt in ("json", "xml"):
        response = _post(client, raw, fmt, **fields)
        assert response.status_code == status
        if fmt == "json":
            errors = response.json()
            assert all(set(e) == {"code", "description"} and e["code"] == status for e in errors)
            assert any(needle in e["description"] for e in errors)
        else:
            root = SafeET.fromstring(response.content)
            assert root.tag == "errors" and any(needle in e.findtext("description") for e in root.findall("error"))
    assert Message.objects.count() == 0


def test_it_refuses_missing_or_wrong_keys_with_403(client, region, open311_key):
    key, _ = open311_key
    assert client.post("/open311/v2/requests.json", {"service_code": "roads-0", "description": "x", "address_string": "a"}).status_code == 403
    assert client.get("/open311/v2/requests.json?api_key=wrong").status_code == 403
    key.is_active = False
    key.save(update_fields=["is_active"])
    assert client.get(f"/open311/v2/requests.json?api_key={open311_key[1]}").status_code == 403
    assert Message.objects.count() == 0


def test_it_limits_requests_per_minute_and_body_size(client, region, open311_key):
    key, raw = open311_key
    key.requests_per_minute = 3
    key.save(update_fields=["requests_per_minute"])
    codes = [client.get(f"/open311/v2/requests.json?api_key={raw}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(f"/open311/v2/requests.json?api_key={raw}").json()[0]["code"] == 429
    huge = client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "roads-0", "address_string": "a", "description": "я" * 70000})
    assert huge.status_code == 413


def test_it_get_request_lists_the_spec_fields_without_personal_data(client, region, open311_key):
    _, raw = open311_key
    _post(client, raw, first_name="Иван", last_name="Петров", email="ivan@example.ru", phone="+79123456789", address_string="Тверь, Советская, 5")
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(agency=region.transport, status=MessageStatus.ROUTED)
    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/requests/{message.number}.{fmt}?api_key={raw}")
        assert response.status_code == 200
        text = response.content.decode()
        for secret in ("Петров", "ivan@example.ru", "79123456789"):
            assert secret not in text
    item = client.get(f"/open311/v2/requests/{message.number}.json?api_key={raw}").json()[0]
    assert set(item) == REQUEST_FIELDS
    assert item["status"] == "open" and item["agency_responsible"] == region.transport.name
    assert item["status_notes"] == "направлено в орган"
    assert item["address"] == "Тверь, Советская, 5" and item["lat"] == 56.8587
    message.refresh_from_db()
    assert item["expected_datetime"] == timezone.localtime(message.deadline_at).replace(microsecond=0).isoformat()
    assert item["requested_datetime"].endswith("+03:00")
    root = SafeET.fromstring(client.get(f"/open311/v2/requests/{message.number}.xml?api_key={raw}").content)
    assert root.tag == "service_requests" and {c.tag for c in root.find("request")} == REQUEST_FIELDS


def test_it_get_request_of_another_channel_is_404(client, region, open311_key, make_message):
    _, raw = open311_key
    other = make_message(region, channel=region.social)
    response = client.get(f"/open311/v2/requests/{other.number}.json?api_key={raw}")
    assert response.status_code == 404 and response.json()[0]["code"] == 404
    assert client.get(f"/open311/v2/requests/abc.json?api_key={raw}").status_code == 404
    for number in ("²", "9" * 25):
        assert client.get(f"/open311/v2/requests/{number}.json?api_key={raw}").status_code == 404, number
    listed = client.get(f"/open311/v2/requests.json?api_key={raw}&service_request_id=²,{'9' * 25},{other.number}")
    assert listed.status_code == 200 and listed.json() == []


def test_it_get_requests_filters_by_ids_code_dates_and_status(client, region, open311_key, make_message):
    _, raw = open311_key
    now = timezone.now()
    pothole = make_message(region, channel=region.pos, category=region.categories["Ямы и выбоины"], sector=region.roads)
    doctor = make_message(region, channel=region.pos, category=region.categories["Запись к врачу"], sector=region.health, status=MessageStatus.CLOSED)
    old = make_message(region, channel=region.pos, received_at=now - timedelta(days=120), registered_at=now - timedelta(days=120))
    make_message(region, channel=region.social)  # another channel: never listed

    def ids(query=""):
        return {i["service_request_id"] for i in client.get(f"/open311/v2/requests.json?api_key={raw}&{query}").json()}

    assert ids() == {pothole.number, doctor.number}  # the default 90 days leave the old one out
    assert ids("service_code=roads-0") == {pothole.number}
    assert ids("status=closed") == {doctor.number}
    assert ids("status=open") == {pothole.number}
    assert ids(f"service_request_id={old.number},{doctor.number}&status=open") == {old.number, doctor.number}
    start = (now - timedelta(days=200)).isoformat().replace("+", "%2B")
    end = (now - timedelta(days=100)).isoformat().replace("+", "%2B")
    assert ids(f"start_date={start}&end_date={end}") == {old.number}
    bad = client.get(f"/open311/v2/requests.json?api_key={raw}&start_date=вчера")
    assert bad.status_code == 400 and "start_date" in bad.json()[0]["description"]
    assert client.get(f"/open311/v2/requests.json?api_key={raw}&status=maybe").status_code == 400


def test_it_get_requests_is_capped_at_1000(client, region, open311_key, make_message, monkeypatch):
    from feedback.open311 import requests as service

    _, raw = open311_key
    monkeypatch.setattr(service, "MAX_RESULTS", 2)
    for _ in range(3):
        make_message(region, channel=region.pos)
    assert len(client.get(f"/open311/v2/requests.json?api_key={raw}").json()) == 2


def test_it_escapes_residents_markup_in_xml_and_json(client, region, open311_key):
    _, raw = open311_key
    evil = '<script>alert("x")</script> & <b>'
    _post(client, raw, description=evil, address_string="<img src=x onerror=alert(1)>")
    number = Message.objects.get().number
    response = client.get(f"/open311/v2/requests/{number}.xml?api_key={raw}")
    assert b"<script>" not in response.content and b"&lt;script&gt;" in response.content
    root = SafeET.fromstring(response.content)
    assert root.findtext("request/description") == evil
    assert root.find("request/description/script") is None
    assert json.loads(client.get(f"/open311/v2/requests/{number}.json?api_key={raw}").content)[0]["description"] == evil
    assert response["Content-Type"].startswith("text/xml")


def test_it_token_resolves_to_the_request_id(client, region, open311_key):
    _, raw = open311_key
    number = _post(client, raw).json()[0]["service_request_id"]
    data = client.get(f"/open311/v2/tokens/{number}.json?api_key={raw}").json()
    assert data == [{"service_request_id": number, "token": number}]
    assert client.get(f"/open311/v2/tokens/999999.json?api_key={raw}").status_code == 404


def test_it_refuses_other_methods(client, region):
    assert client.post("/open311/v2/services.json").status_code == 405
    assert client.delete("/open311/v2/requests.json").status_code == 405


def test_it_lists_requests_with_a_fixed_number_of_queries(client, region, open311_key, make_message, django_assert_max_num_queries):
    _, raw = open311_key
    make_message(region, channel=region.pos, category=region.categories["Ямы и выбоины"], sector=region.roads, agency=region.transport)
    with django_assert_max_num_queries(6) as few:
        client.get(f"/open311/v2/requests.xml?api_key={raw}")
    for _ in range(5):
        make_message(region, channel=region.pos, category=region.categories["Запись к врачу"], sector=region.health, agency=region.minzdrav)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"/open311/v2/requests.json?api_key={raw}").json()) == 6
