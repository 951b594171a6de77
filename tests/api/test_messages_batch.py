from feedback.models import Message
from tests.api.conftest import item

URL = "/api/v1/messages/batch/"


def test_it_keeps_the_good_items_and_reports_each_failed_one(pos, region):
    items = [item(1), item(2, received_at="31.02.2026"), item(3), item(1), "не объект"]
    response = pos.post(URL, {"items": items}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["duplicates"], body["failed"]) == (2, 1, 2)
    results = body["results"]
    assert [r["result"] for r in results] == ["created", "error", "created", "duplicate", "error"]
    numbers = dict(Message.objects.values_list("external_id", "number"))
    assert results[0]["number"] == numbers["pos-1"] and results[2]["number"] == numbers["pos-3"]
    assert results[3]["number"] == numbers["pos-1"]
    assert "Дата поступления «31.02.2026» не распознана" in results[1]["errors"]["received_at"][0]
    assert results[4]["errors"] == {"__all__": ["Элемент должен быть объектом JSON с полями сообщения."]}
    assert sorted(numbers) == ["pos-1", "pos-3"]


def test_it_creates_nothing_new_when_a_batch_is_sent_again(pos, region):
    items = [item(n) for n in range(50)]
    first = pos.post(URL, {"items": items}, format="json").json()
    again = pos.post(URL, {"items": items}, format="json").json()
    assert first["created"] == 50 and again["created"] == 0 and again["duplicates"] == 50
    assert [r["number"] for r in again["results"]] == [r["number"] for r in first["results"]]
    assert Message.objects.count() == 50


def test_it_refuses_batches_over_the_item_limit(pos, settings):
    settings.API_MAX_BATCH_ITEMS = 3
    response = pos.post(URL, {"items": [item(n) for n in range(4)]}, format="json")
    assert response.status_code == 413
    assert response.json()["detail"] == "В пакете 4 сообщений, допускается не больше 3."
    assert not Message.objects.exists()


def test_it_refuses_a_body_without_items(pos):
    response = pos.post(URL, {"messages": []}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"items": ["Ожидается список сообщений в поле items."]}


def test_it_refuses_a_token_without_create_scope(api_client, make_system):
    _system, key = make_system(scopes=["changes:read"])
    assert api_client(key).post(URL, {"items": [item(1)]}, format="json").status_code == 403
    assert not Message.objects.exists()


def test_it_accepts_a_real_batch_up_to_the_documented_limit(pos, region):
    """1,000 messages of ~1.4 KB of Cyrillic: 2.9 MB, above Django's own 2.5 MB default."""
    items = [item(n, text="Ж" * 1400) for n in range(1000)]
    response = pos.post(URL, {"items": items}, format="json")
    assert response.status_code == 200, response.content[:200]
    assert response.json()["created"] == 1000


def test_it_answers_json_413_beyond_the_limit_without_reading_the_body(pos, settings):
    body = '{"items": [' + ",".join(['{"text": "' + "Ж" * 1000 + '"}'] * 3000) + "]}"
    response = pos.post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Тело запроса больше допустимых 5 МБ.", "errors": {}}


def test_it_answers_400_json_to_json_nested_deeper_than_the_parser_goes(pos):
    response = pos.post("/api/v1/messages/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Тело запроса — JSON со слишком глубокой вложенностью."
