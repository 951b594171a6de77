from feedback.models import EventKind, IntegrationSystem, Message, MessageStatus
from tests.api.conftest import item

URL = "/api/v1/messages/"


def test_it_creates_a_message_with_deadline_and_history(pos, region):
    response = pos.post(URL, item(1, address="ул. Советская, 5"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    message = Message.objects.get(channel=region.pos, external_id="pos-1")
    assert body == {"result": "created", "number": message.number, "external_id": "pos-1"}
    assert message.municipality == region.tver and message.kind == region.pos_kind
    assert message.status == MessageStatus.NEW and message.deadline_at is not None
    assert list(message.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_it_never_creates_a_second_message_for_the_same_external_id(pos, region):
    first = pos.post(URL, item(1), format="json").json()
    again = pos.post(URL, item(1, text="Другой текст той же доставки"), format="json")
    assert again.status_code == 200
    assert again.json() == {"result": "duplicate", "number": first["number"], "external_id": "pos-1"}
    assert Message.objects.filter(channel=region.pos).count() == 1


def test_it_explains_bad_fields_in_russian(pos, region):
    response = pos.post(URL, {"text": "", "received_at": "вчера", "latitude": "999", "author_email": "нет"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Данные заполнены с ошибками."
    assert body["errors"]["text"] == ["Не заполнен текст сообщения."]
    assert "Дата поступления «вчера» не распознана" in body["errors"]["received_at"][0]
    assert body["errors"]["latitude"] == ["Широта «999» должна быть числом от -90 до 90."]
    assert body["errors"]["author_email"] == ["Электронная почта «нет» указана неверно."]
    assert body["errors"]["external_id"][0].startswith("Не указан номер во внешней системе")
    assert not Message.objects.exists()


def test_it_refuses_another_channel_and_unknown_municipality(pos, region):
    response = pos.post(URL, item(1, channel="social", municipality="Атлантида"), format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["channel"] == ["Токен позволяет создавать сообщения только в канале «pos», а не «social»."]
    assert "Атлантида" in errors["municipality"][0]


def test_it_refuses_non_object_bodies_and_nested_values(pos):
    assert pos.post(URL, [1, 2], format="json").status_code == 400
    response = pos.post(URL, item(1, text={"a": 1}), format="json")
    assert response.json()["errors"]["text"] == ["Ожидается строка или число."]


def test_it_refuses_without_token_or_scope(api_client, make_system, region):
    anonymous = api_client().post(URL, item(1), format="json")
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"].startswith("Нужен токен")
    assert api_client("неизвестный").post(URL, item(1), format="json").status_code == 401
    _system, key = make_system("Только чтение", scopes=["messages:read"])
    refused = api_client(key).post(URL, item(1), format="json")
    assert refused.status_code == 403
    assert "создание сообщений" in refused.json()["detail"]
    assert not Message.objects.exists()


def test_it_refuses_revoked_tokens_and_accepts_bearer(api_client, make_system):
    system, key = make_system()
    assert api_client(key, keyword="Bearer").post(URL, item(1), format="json").status_code == 201
    system.tokens.update(is_active=False)
    assert api_client(key).post(URL, item(2), format="json").status_code == 401


def test_it_limits_the_rate_per_token_with_retry_after(api_client, make_system):
    _system, key = make_system(rate=2)
    client = api_client(key)
    assert [client.post(URL, item(n), format="json").status_code for n in range(2)] == [201, 201]
    refused = client.post(URL, item(3), format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["detail"].startswith("Слишком много запросов")


def test_it_refuses_bodies_over_the_limit_with_413(pos, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = pos.post(URL, item(1, text="я" * 2000), format="json")
    assert response.status_code == 413
    assert response.json()["detail"] == "Тело запроса больше допустимых 1000 байт."


def test_it_applies_narrowed_scopes_and_a_moved_channel_at_once(api_client, make_system, region):
    # The process keeps the token's related objects for seconds; what decides access is read every time.
    system, key = make_system()
    client = api_client(key)
    assert client.post(URL, item(1), format="json").status_code == 201
    IntegrationSystem.objects.filter(pk=system.pk).update(channel=region.social)
    assert client.post(URL, item(2), format="json").status_code == 201
    assert Message.objects.get(external_id="pos-2").channel == region.social
    IntegrationSystem.objects.filter(pk=system.pk).update(scopes=["messages:read"])
    refused = client.post(URL, item(3), format="json")
    assert refused.status_code == 403 and "messages:create" in refused.json()["detail"]
