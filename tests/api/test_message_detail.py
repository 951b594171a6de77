from feedback.models import AnswerKind, AnswerReview, MessageStatus
from feedback.services.answers import answer_submit


def test_it_shows_state_deadline_agency_answers_and_history(pos, region, make_message, city_clerk):
    message = make_message(region, status=MessageStatus.ROUTED, sector=region.roads, agency=region.city)
    answer_submit(message=message, kind=AnswerKind.INTERIM, text="Ямочный ремонт запланирован.", by=city_clerk)
    answer_submit(message=message, kind=AnswerKind.FINAL, text="Яма заделана.", by=city_clerk)
    response = pos.get(f"/api/v1/messages/{message.number}/")
    assert response.status_code == 200
    body = response.json()
    message.refresh_from_db()
    assert body["number"] == message.number and body["status"] == "answered"
    assert body["status_display"] == "дан ответ"
    assert body["agency"] == {"id": region.city.id, "name": region.city.name}
    assert body["deadline_at"] is not None
    # The final answer waits for the ЦУР's review: the platform does not pass it on yet.
    assert [a["text"] for a in body["answers"]] == ["Ямочный ремонт запланирован."]
    assert [e["kind"] for e in body["history"]] == ["created", "answer", "answer"]
    message.answers.filter(kind=AnswerKind.FINAL).update(review=AnswerReview.ACCEPTED)
    texts = [a["text"] for a in pos.get(f"/api/v1/messages/{message.number}/").json()["answers"]]
    assert texts == ["Ямочный ремонт запланирован.", "Яма заделана."]


def test_it_hides_messages_of_other_channels_and_agencies(api_client, make_system, region, make_message, city_system):
    mine = make_message(region, agency=region.city)
    letter = make_message(region, channel=region.letter, agency=region.transport)
    _system, key = make_system()
    pos = api_client(key)
    assert pos.get(f"/api/v1/messages/{mine.number}/").status_code == 200
    refused = pos.get(f"/api/v1/messages/{letter.number}/")
    assert refused.status_code == 404
    assert refused.json() == {"detail": "Сообщение не найдено.", "errors": {}}
    # The city's system sees the city's message whatever its channel, not the transport ministry's.
    assert city_system.get(f"/api/v1/messages/{mine.number}/").status_code == 200
    assert city_system.get(f"/api/v1/messages/{letter.number}/").status_code == 404
    assert pos.get("/api/v1/messages/абв/").status_code == 404
    # Digits that int() or bigint refuse are «not found» too, not a server error (found by the fuzzing).
    for number in ("²", "①", "1" * 25):
        assert pos.get(f"/api/v1/messages/{number}/").status_code == 404, number


def test_it_refuses_a_token_without_read_scope(api_client, make_system, region, make_message):
    message = make_message(region)
    _system, key = make_system(scopes=["messages:create"])
    assert api_client(key).get(f"/api/v1/messages/{message.number}/").status_code == 403
    assert api_client().get(f"/api/v1/messages/{message.number}/").status_code == 401
