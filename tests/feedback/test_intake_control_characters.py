"""One rule for every intake path (cur.untrusted_text): characters XML forbids are removed from a
resident's free text, the message is kept and its first history event says what was removed; an
identifier that contains one is refused with a Russian reason."""

from __future__ import annotations

import json

from rest_framework.test import APIClient

from feedback.adapters.feeds import feed_ingest
from feedback.api.tokens import token_issue
from feedback.importers import messages_import
from feedback.models import IntegrationSystem, Message, MessageEvent

HOSTILE = "Яма\x01 у дома\x0b 5\ufffe, \x00конец"
CLEAN = "Яма у дома 5, конец"
WHEN = "2026-11-30T10:00:00+03:00"


def _api(region):
    system = IntegrationSystem.objects.create(name="ПОС", channel=region.pos, scopes=["messages:create", "messages:read"])
    _token, key = token_issue(system=system)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _assert_kept_and_recorded(message: Message) -> None:
    assert message.text == CLEAN
    first = MessageEvent.objects.filter(message=message).order_by("id").first()
    assert first.data["removed_characters"]["Текст сообщения"] == ["U+0001", "U+000B", "U+FFFE", "U+0000"]
    assert "Удалены управляющие символы, недопустимые в тексте: Текст сообщения — U+0001, U+000B, U+FFFE, U+0000" in first.note


def test_it_keeps_an_api_message_without_the_forbidden_characters(region):
    response = _api(region).post("/api/v1/messages/", {"external_id": "x-1", "text": HOSTILE, "received_at": WHEN, "address": "ул.\x02 Ленина"}, format="json")
    assert response.status_code == 201, response.content
    message = Message.objects.get(external_id="x-1")
    _assert_kept_and_recorded(message)
    assert message.address == "ул. Ленина"
    assert message.events.order_by("id").first().data["removed_characters"]["Адрес проблемы"] == ["U+0002"]


def test_it_does_the_same_for_every_item_of_a_batch(region):
    items = [{"external_id": f"b-{n}", "text": HOSTILE, "received_at": WHEN} for n in range(120)]
    body = _api(region).post("/api/v1/messages/batch/", {"items": items}, format="json").json()
    assert body["created"] == 120 and body["failed"] == 0
    for message in Message.objects.filter(external_id__in=["b-0", "b-119"]):
        _assert_kept_and_recorded(message)


def test_it_refuses_an_external_id_with_a_control_character_and_says_why(region):
    response = _api(region).post("/api/v1/messages/", {"external_id": "x\x01-2", "text": "Яма", "received_at": WHEN}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["external_id"] == ["Номер во внешней системе содержит недопустимый управляющий символ U+0001."]
    assert not Message.objects.exists()


def test_it_keeps_an_imported_row(region, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"Номер": "i-1", "Текст": HOSTILE, "Дата поступления": "30.11.2026 10:00"}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = messages_import(source=path, channel=region.letter)
    assert result.imported == 1 and not result.errors
    _assert_kept_and_recorded(Message.objects.get(external_id="i-1"))


def test_it_keeps_a_feed_item(region):
    report = feed_ingest(kind="pos", raw=json.dumps([{"id": 7, "text": HOSTILE, "created_at": WHEN}]))
    assert report.created == 1, report.errors
    _assert_kept_and_recorded(Message.objects.get(external_id="7"))


def test_it_keeps_an_open311_request(region, client):
    from feedback.models import Open311Key

    key = Open311Key(name="Система", channel=region.pos)
    raw = key.issue()
    key.save()
    code = region.categories["Ямы и выбоины"].code
    response = client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": code, "description": HOSTILE, "address_string": "Тверь"})
    assert response.status_code == 201, response.content
    _assert_kept_and_recorded(Message.objects.get())
