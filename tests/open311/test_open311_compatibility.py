"""Open311 as a stock GeoReport v2 client meets it (issue 16): usable service codes, Retry-After,
the spec's error list for every refusal, control characters, well-formed XML, public read."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree as SafeET

from feedback.models import Message, MessageStatus

pytestmark = pytest.mark.django_db

PLACE = {"address_string": "Тверь, ул. Советская, 5", "description": "Яма у подъезда"}


@pytest.fixture
def shared_other(region):
    """Each sector's «Прочие по направлению» under the same code, as in the region's reference."""
    for name in ("Дороги: прочие", "Здравоохранение: прочие"):
        category = region.categories[name]
        category.code = "other"
        category.save(update_fields=["code"])
    return region.categories["Дороги: прочие"], region.categories["Здравоохранение: прочие"]


def _spec_errors(response, status: int, fmt: str = "json") -> list[dict]:
    """The spec's error list, whatever the format; asserts the status and that it is no HTML page."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    if fmt == "xml":
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        root = SafeET.fromstring(response.content)
        assert root.tag == "errors"
        found = [{"code": int(e.findtext("code")), "description": e.findtext("description")} for e in root.findall("error")]
    else:
        assert response["Content-Type"] == "application/json; charset=utf-8"
        found = json.loads(response.content)
    assert found and all(e["code"] == status and e["description"] for e in found)
    return found


# Item 2: a code several sectors share ----------------------------------------------------------


def test_it_advertises_a_sector_qualified_code_where_sectors_share_one(client, region, shared_other):
    codes = [s["service_code"] for s in client.get("/open311/v2/services.json").json()]
    assert len(codes) == len(set(codes))
    assert "roads/other" in codes and "health/other" in codes and "other" not in codes
    assert "roads-0" in codes  # an unambiguous code stays plain
    for path in ("/open311/v2/services/roads/other.json", "/open311/v2/services/roads%2Fother.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()["service_code"] == "roads/other"
    root = SafeET.fromstring(client.get("/open311/v2/services/health/other.xml").content)
    assert root.findtext("service_code") == "health/other"


def test_it_posts_to_a_sector_qualified_code_and_refuses_the_ambiguous_plain_one(client, region, open311_key, shared_other):
    roads_other, _ = shared_other
    _, raw = open311_key
    created = client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "roads/other", **PLACE})
    assert created.status_code == 201
    message = Message.objects.get()
    assert message.category == roads_other
    [listed] = client.get(f"/open311/v2/requests.json?api_key={raw}&service_code=roads/other").json()
    assert listed["service_code"] == "roads/other" and listed["service_request_id"] == message.number
    [error] = _spec_errors(client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "other", **PLACE}), 400)
    assert "health/other" in error["description"] and "roads/other" in error["description"]
    _spec_errors(client.get("/open311/v2/services/other.json"), 400)
    assert Message.objects.count() == 1


# Item 3: Retry-After ----------------------------------------------------------------------------


def test_it_says_when_to_retry_after_a_429(client, region, open311_key):
    key, raw = open311_key
    key.requests_per_minute = 1
    key.save(update_fields=["requests_per_minute"])
    assert client.get(f"/open311/v2/requests.json?api_key={raw}").status_code == 200
    refused = client.get(f"/open311/v2/requests.xml?api_key={raw}")
    _spec_errors(refused, 429, "xml")
    assert 1 <= int(refused["Retry-After"]) <= 60


# Item 4: unknown service_code on POST ------------------------------------------------------------


def test_it_answers_an_unknown_service_code_on_post_with_400(client, region, open311_key):
    _, raw = open311_key
    [error] = _spec_errors(client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "nope", **PLACE}), 400)
    assert "«nope»" in error["description"] and "service_code" in error["description"]


# Item 5: wrong paths and methods ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("/open311/v2/", "json"),
        ("/open311/v2/nothing", "json"),
        ("/open311/v2/requests.html", "json"),
        ("/open311/v2/requests/1/2.json", "json"),
        ("/open311/v2/requests.json/", "json"),
        ("/open311/v2/nothing.xml", "xml"),
        ("/open311/v2/tokens/1/2.xml", "xml"),
    ],
)
def test_it_answers_unknown_paths_with_the_spec_404(client, region, path, fmt):
    _spec_errors(client.get(path), 404, fmt)
    _spec_errors(client.post(path, {"service_code": "roads-0"}), 404, fmt)  # no CSRF page either


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("delete", "/open311/v2/requests.json", "GET, POST, HEAD"),
        ("put", "/open311/v2/requests.xml", "GET, POST, HEAD"),
        ("post", "/open311/v2/services.json", "GET, HEAD"),
        ("post", "/open311/v2/discovery.xml", "GET, HEAD"),
        ("patch", "/open311/v2/services/roads-0.json", "GET, HEAD"),
        ("post", "/open311/v2/requests/1.json", "GET, HEAD"),
        ("options", "/open311/v2/tokens/1.xml", "GET, HEAD"),
    ],
)
def test_it_answers_wrong_methods_with_the_spec_405_and_allow(client, region, method, path, allow):
    response = getattr(client, method)(path)
    _spec_errors(response, 405, "xml" if path.endswith(".xml") else "json")
    assert response["Allow"] == allow


# Item 6: control characters and huge values ------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/services/%00.json",
        "/open311/v2/services/roads-0%01.xml",
        "/open311/v2/requests/%00.json",
        "/open311/v2/tokens/1%1F.json",
        "/open311/v2/requests.json?service_code=%00",
        "/open311/v2/requests.json?status=open%00",
        "/open311/v2/requests.json?start_date=%00",
        "/open311/v2/requests.json?service_request_id=1%00,2",
        "/open311/v2/requests.json?api_key=%00",
        "/open311/v2/requests.json?%00=1",
        "/open311/v2/requests.xml?service_code=%EF%BF%BF",
        "/open311/v2/services.json?jurisdiction_id=%0B",
    ],
)
def test_it_refuses_control_characters_in_any_get_parameter_with_400(client, region, open311_key, path):
    _, raw = open311_key
    joiner = "&" if "?" in path else "?"
    _spec_errors(client.get(f"{path}{joiner}api_key={raw}" if "api_key" not in path else path), 400, "xml" if ".xml" in path else "json")


@pytest.mark.parametrize("char", ["\x00", "\x01", "\ufffe"], ids=["NUL", "SOH", "U+FFFE"])
@pytest.mark.parametrize("field", ["service_code", "lat", "long", "email", "phone", "media_url", "attribute[external_id]", "api_key", "jurisdiction_id"])
def test_it_refuses_control_characters_in_post_codes_and_values_with_400(client, region, open311_key, field, char):
    _, raw = open311_key
    data = {"api_key": raw, "service_code": "roads-0", "lat": "56.85", "long": "35.91", **PLACE}
    data[field] = (data.get(field) or "x") + char
    for fmt in ("json", "xml"):
        _spec_errors(client.post(f"/open311/v2/requests.{fmt}", data), 400, fmt)
    _spec_errors(client.post("/open311/v2/requests.json", {**data, field: data[field].replace(char, ""), "bad\x00name": "1"}), 400)
    assert Message.objects.count() == 0


@pytest.mark.parametrize("field", ["description", "address_string", "last_name"])
def test_it_keeps_a_residents_text_without_the_control_characters(client, region, open311_key, field):
    """The portal's one rule for free text (cur.untrusted_text): the character goes, the message stays."""
    _, raw = open311_key
    data = {"api_key": raw, "service_code": "roads-0", "last_name": "Петров", **PLACE}
    data[field] = data[field][:3] + "\x00\x01\ufffe" + data[field][3:]
    assert client.post("/open311/v2/requests.json", data).status_code == 201
    message = Message.objects.get()
    assert "\x01" not in f"{message.text}{message.address}{message.author_name}"


def test_it_refuses_huge_values_and_bodies_in_the_spec_format(client, region, open311_key, settings):
    _, raw = open311_key
    huge = "9" * 100_000
    _spec_errors(client.get(f"/open311/v2/requests.json?api_key={raw}&service_request_id={huge}"), 400)
    _spec_errors(client.get(f"/open311/v2/services/{huge}.xml"), 400, "xml")
    _spec_errors(client.get(f"/open311/v2/requests/{huge}.json?api_key={raw}"), 400)
    _spec_errors(client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "roads-0", **PLACE, "address_string": "я" * 70_000}), 413)
    # Django's own limits, which would answer its HTML 400 page: the body's size and the number of fields.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    _spec_errors(client.post("/open311/v2/requests.xml", {"api_key": raw, "service_code": "roads-0", **PLACE, "description": "я" * 3000}), 413, "xml")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    many = "&".join(f"f{i}=1" for i in range(20))
    _spec_errors(client.get(f"/open311/v2/requests.json?api_key={raw}&{many}"), 400)
    _spec_errors(client.post("/open311/v2/requests.json", many, content_type="application/x-www-form-urlencoded"), 400)
    broken = client.post(f"/open311/v2/requests.json?api_key={raw}", b"--x\r\nbroken", content_type="multipart/form-data")
    _spec_errors(broken, 400)  # no boundary: Django's multipart parser refuses it
    assert Message.objects.count() == 0


# Item 7: well-formed XML whatever is stored ---------------------------------------------------------


def test_it_writes_well_formed_xml_whatever_text_is_stored(client, region, open311_key, make_message):
    _, raw = open311_key
    message = make_message(region)
    hostile = "Яма\x01 у дома\x0b 5\ufffe, конец"
    Message.objects.filter(pk=message.pk).update(text=hostile, address="ул.\x02 Ленина\uffff")
    assert Message.objects.get(pk=message.pk).text == hostile  # stored as it is, bypassing the intake
    for url in (f"/open311/v2/requests.xml?api_key={raw}", f"/open311/v2/requests/{message.number}.xml?api_key={raw}"):
        response = client.get(url)
        assert response.status_code == 200
        root = SafeET.fromstring(response.content)
        assert root.findtext("request/description") == "Яма у дома 5, конец"
        assert root.findtext("request/address") == "ул. Ленина"
    assert client.get(f"/open311/v2/requests/{message.number}.json?api_key={raw}").json()[0]["description"] == hostile


def test_it_cuts_a_description_past_the_specs_4000_characters(client, region, open311_key, make_message):
    _, raw = open311_key
    letter = make_message(region, text="Длинное письмо. " * 400)
    [item] = client.get(f"/open311/v2/requests/{letter.number}.json?api_key={raw}").json()
    assert len(item["description"]) == 4000 and item["description"].endswith("…")
    assert item["description"][:-1] == letter.text[:3999]


# Item 8: public read ---------------------------------------------------------------------------------


PRIVATE_TEXT = "Меня зовут Кузнецова Мария Петровна, ул. Советская, 5, кв. 12, тел. +7 (912) 345-67-89, maria@example.ru. Яма у подъезда."


@pytest.fixture
def private_message(region, make_message):
    return make_message(
        region, channel=region.social, text=PRIVATE_TEXT, author_name="Кузнецова Мария Петровна",
        author_email="maria@example.ru", author_phone="+79123456789", address="Тверь, ул. Советская, 5, кв. 12",
        source_url="https://vk.com/wall-1_77", category=region.categories["Ямы и выбоины"], sector=region.roads,
    )


def test_it_keeps_reads_behind_a_key_while_public_read_is_off(client, region, private_message, settings):
    settings.CUR_OPEN311_PUBLIC_READ = False
    for path in ("requests.json", f"requests/{private_message.number}.json", f"tokens/{private_message.number}.xml"):
        _spec_errors(client.get(f"/open311/v2/{path}"), 403, "xml" if path.endswith(".xml") else "json")


def test_it_reads_every_channel_without_a_key_and_masks_personal_data(client, region, private_message, open311_key, make_message, settings):
    settings.CUR_OPEN311_PUBLIC_READ = True
    mine = make_message(region, channel=region.pos, text="Не горит фонарь")
    listed = {r["service_request_id"]: r for r in client.get("/open311/v2/requests.json").json()}
    assert set(listed) == {private_message.number, mine.number}
    item = listed[private_message.number]
    assert item["description"] == "Меня зовут [ФИО], ул. Советская, 5, кв. [№], тел. [телефон], [e-mail]. Яма у подъезда."
    assert item["address"] == "Тверь, ул. Советская, 5, кв. [№]"
    assert item["media_url"] is None and item["service_code"] == "roads-0"
    for fmt in ("json", "xml"):
        for path in ("requests", f"requests/{private_message.number}", f"tokens/{private_message.number}"):
            response = client.get(f"/open311/v2/{path}.{fmt}")
            assert response.status_code == 200, path
            text = response.content.decode()
            for secret in ("Кузнецова", "Мария", "maria@example.ru", "345-67-89", "79123456789", "кв. 12", "vk.com"):
                assert secret not in text, (path, secret)
    # With a key: its own channel only, the text as the resident wrote it (unchanged).
    _, raw = open311_key
    keyed = client.get(f"/open311/v2/requests.json?api_key={raw}").json()
    assert [r["service_request_id"] for r in keyed] == [mine.number]
    _spec_errors(client.get(f"/open311/v2/requests/{private_message.number}.json?api_key={raw}"), 404)
    _spec_errors(client.get("/open311/v2/requests.json?api_key=wrong"), 403)


def test_it_limits_public_reads_per_client_address(client, region, settings, monkeypatch):
    from feedback.open311 import views

    settings.CUR_OPEN311_PUBLIC_READ = True
    monkeypatch.setattr(views, "PUBLIC_READS_PER_MINUTE", 2)
    assert [client.get("/open311/v2/requests.json").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/open311/v2/requests.json")
    _spec_errors(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address has its own count.
    assert client.get("/open311/v2/requests.json", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_it_never_writes_without_a_key_even_with_public_read(client, region, settings):
    settings.CUR_OPEN311_PUBLIC_READ = True
    _spec_errors(client.post("/open311/v2/requests.json", {"service_code": "roads-0", **PLACE}), 403)
    assert Message.objects.count() == 0


def test_it_keeps_the_status_of_a_public_request(client, region, make_message, settings):
    settings.CUR_OPEN311_PUBLIC_READ = True
    closed = make_message(region, status=MessageStatus.CLOSED)
    [item] = client.get(f"/open311/v2/requests/{closed.number}.json").json()
    assert item["status"] == "closed"
