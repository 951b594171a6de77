from cur.roles import RoleCode
from feedback.models import Answer, AnswerKind, Message, MessageStatus


def _url(message):
    return f"/api/v1/messages/{message.number}/answers/"


def test_it_posts_interim_then_final_answers_through_the_workflow(city_system, region, make_message, city_clerk, routed):
    message = make_message(region, **routed)
    interim = city_system.post(_url(message), {"kind": "interim", "text": "Работы начаты."}, format="json")
    assert interim.status_code == 201, interim.json()
    assert Message.objects.get(pk=message.pk).status == MessageStatus.INTERIM
    final = city_system.post(_url(message), {"kind": "final", "text": "Яма заделана 01.12.2026."}, format="json")
    assert final.status_code == 201
    assert final.json()["kind"] == "final" and final.json()["review"] == "pending"
    message.refresh_from_db()
    assert message.status == MessageStatus.ANSWERED and message.answered_at is not None
    answer = Answer.objects.get(pk=final.json()["id"])
    assert answer.author == city_clerk and answer.agency == region.city


def test_it_refuses_answers_the_workflow_does_not_allow(city_system, region, make_message, routed):
    message = make_message(region, **{**routed, "status": MessageStatus.CLOSED})
    response = city_system.post(_url(message), {"kind": "final", "text": "Ответ"}, format="json")
    assert response.status_code == 409
    assert "невозможно: сообщение в состоянии «закрыто»" in response.json()["detail"]
    assert not Answer.objects.exists()


def test_it_explains_a_bad_answer_in_russian(city_system, region, make_message, routed):
    message = make_message(region, **routed)
    response = city_system.post(_url(message), {"kind": "other", "text": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["kind"] == ["Вид ответа: interim (промежуточный) или final (окончательный)."]
    assert city_system.post(_url(message), {"kind": "final", "text": "  "}, format="json").status_code == 400
    assert not Answer.objects.exists()


def test_it_hides_other_agencies_messages_from_an_agency_system(city_system, region, make_message, routed):
    message = make_message(region, **{**routed, "agency": region.transport})
    assert city_system.post(_url(message), {"kind": "final", "text": "Ответ"}, format="json").status_code == 404


def test_it_refuses_answers_from_channel_systems_and_tokens_without_scope(
    api_client, make_system, region, make_message, routed, make_user
):
    message = make_message(region, **routed)
    _s, pos_key = make_system("ПОС", scopes=["messages:read", "answers:write"])
    assert api_client(pos_key).post(_url(message), {"kind": "final", "text": "Ответ"}, format="json").status_code == 404
    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    _s, read_key = make_system("Только чтение", agency=region.city, user=clerk, scopes=["messages:read"])
    assert api_client(read_key).post(_url(message), {"kind": "final", "text": "Ответ"}, format="json").status_code == 403
    assert not Answer.objects.filter(message=message).exists()
    assert AnswerKind.FINAL == "final"
