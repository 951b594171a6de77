"""The card's actions (POST /messages/<id>/<action>/): each form, its service, and every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import AnswerKind, AnswerReview, EventKind, MassProblem, MessageStatus
from feedback.services import answers


def url(message, action):
    return reverse("feedback:action", kwargs={"pk": message.pk, "action": action})


def post(client, message, action, data=None, **extra):
    """Post the action's form as the card sends it: field names carry the action as the prefix."""
    fields = {f"{action}-{name}": value for name, value in (data or {}).items()}
    return client.post(url(message, action), fields, **extra)


def notices(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_done(response, message, text):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("feedback:card", kwargs={"pk": message.pk})
    assert any(text in notice for notice in notices(response)), notices(response)
    message.refresh_from_db()


# ---- operators ---------------------------------------------------------------------------------


def test_it_classifies(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    response = post(client, message, "classify", {"category": region.categories["Тротуары"].pk, "note": ""})
    assert_done(response, message, "классифицировано: Дороги / Тротуары")
    assert (message.status, message.category) == (MessageStatus.CLASSIFIED, region.categories["Тротуары"])


def test_it_routes(client, region, make_message, people):
    message = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.roads, category=region.categories["Тротуары"])
    client.force_login(people.operator)
    assert_done(post(client, message, "route", {"agency": region.city.pk}), message, "направлено в орган: Администрация города Твери")
    assert (message.status, message.agency) == (MessageStatus.ROUTED, region.city)


def test_it_rejects_with_the_chosen_reason(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    assert_done(post(client, message, "reject", {"reason": "insults", "comment": "мат"}), message, "отклонено")
    assert message.status == MessageStatus.REJECTED
    assert message.events.last().note == "Оскорбления без сути. мат"


def test_it_forwards_and_keeps_what_was_typed_when_the_reason_is_missing(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    response = post(client, message, "forward", {"recipient": "Прокуратура <Тверской> области", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Прокуратура &lt;Тверской&gt; области"' in html
    assert "Заполните это поле." in html and 'data-cur-failed-action="forward"' in html
    assert 'id="forward" open' in html
    response = post(client, message, "forward", {"recipient": "Прокуратура", "reason": "надзор"})
    assert_done(response, message, "перенаправлено: Прокуратура")
    assert message.status == MessageStatus.FORWARDED


def test_it_marks_a_duplicate_of_a_visible_message_by_its_number(client, region, make_message, people):
    original, message = make_message(region), make_message(region)
    client.force_login(people.operator)
    assert_done(post(client, message, "duplicate", {"original": f"№ {original.number}"}), message, f"дубликат № {original.number}")
    assert (message.status, message.duplicate_of) == (MessageStatus.DUPLICATE, original)


@pytest.mark.parametrize(
    ("number", "error"),
    [("", "Укажите номер"), ("abc", "это цифры"), ("987654321", "не найдено или вам недоступно"), ("self", "самого себя")],
)
def test_it_refuses_a_duplicate_of_an_unknown_message(client, region, make_message, people, number, error):
    message = make_message(region)
    client.force_login(people.operator)
    response = post(client, message, "duplicate", {"original": message.number if number == "self" else number})
    assert response.status_code == 400 and error in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.NEW


def test_it_creates_and_joins_a_mass_problem(client, region, make_message, people):
    first = make_message(region, sector=region.roads, category=region.categories["Тротуары"], status=MessageStatus.CLASSIFIED)
    second = make_message(region, sector=region.roads, category=region.categories["Тротуары"], status=MessageStatus.CLASSIFIED)
    client.force_login(people.operator)
    response = post(client, first, "mass_problem", {"problem": "", "title": "Разбитый тротуар на Советской"})
    assert_done(response, first, "«Разбитый тротуар на Советской»")
    problem = MassProblem.objects.get()
    html = client.get(reverse("feedback:card", kwargs={"pk": second.pk})).content.decode()
    assert f'<option value="{problem.pk}">Разбитый тротуар на Советской</option>' in html
    assert_done(post(client, second, "mass_problem", {"problem": problem.pk, "title": ""}), second, "связано")
    assert set(problem.messages.all()) == {first, second}
    response = post(client, second, "mass_problem", {"problem": "", "title": ""})
    assert response.status_code == 400 and "Выберите открытую массовую проблему или введите название новой." in response.content.decode()


def test_it_comments(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    assert_done(post(client, message, "comment", {"text": "Позвонить автору"}), message, "Комментарий добавлен")
    assert message.events.filter(kind=EventKind.COMMENT, note="Позвонить автору").exists()


def test_it_extends_a_59fz_deadline_once_and_refuses_it_for_pos(client, region, make_message, people):
    letter = make_message(region, channel=region.letter)
    before = letter.deadline_at
    client.force_login(people.operator)
    response = post(client, letter, "extend", {"days": 31, "reason": "Проверка"})
    assert response.status_code == 400 and "Продлить можно на 1–30 дней." in response.content.decode()
    assert_done(post(client, letter, "extend", {"days": 10, "reason": "Проверка"}), letter, "Срок продлён на 10 дн.")
    assert letter.deadline_at == before + timedelta(days=10)
    response = post(client, letter, "extend", {"days": 5, "reason": "Ещё"})
    assert response.status_code == 403 and "только один раз" in response.content.decode()
    pos = make_message(region)
    response = post(client, pos, "extend", {"days": 5, "reason": "Проверка"})
    assert response.status_code == 403 and "не продлевается" in response.content.decode()


def test_it_accepts_an_answer(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Яма заделана", by=people.clerk)
    client.force_login(people.operator)
    assert_done(post(client, message, "accept", {"note": ""}), message, "Ответ принят")
    assert message.status == MessageStatus.CLOSED
    assert message.answers.get().review == AnswerReview.ACCEPTED


def test_it_returns_an_answer_with_a_new_deadline_at_the_end_of_the_day(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Ответ", by=people.clerk)
    client.force_login(people.operator)
    card = client.get(reverse("feedback:card", kwargs={"pk": message.pk})).content.decode()
    from feedback.forms.actions import default_return_deadline

    default = default_return_deadline()
    assert f'value="{default:%d.%m.%Y}"' in card
    yesterday = timezone.localdate() - timedelta(days=1)
    response = post(client, message, "return", {"reason": "formal", "comment": "Нет фото", "new_deadline": f"{yesterday:%d.%m.%Y}"})
    assert response.status_code == 400 and "позже сегодняшнего дня" in response.content.decode()
    response = post(client, message, "return", {"reason": "formal", "comment": "Нет фото", "new_deadline": "31.02.2027"})
    assert response.status_code == 400 and "ДД.ММ.ГГГГ" in response.content.decode()
    response = post(client, message, "return", {"reason": "incomplete", "comment": "Нет фото", "new_deadline": f"{default:%d.%m.%Y}"})
    assert_done(response, message, f"новый срок — {default:%d.%m.%Y}")
    assert message.status == MessageStatus.RETURNED
    local = timezone.localtime(message.deadline_at)
    assert (local.date(), local.hour, local.minute) == (default, 23, 59)
    assert message.answers.get().return_reason == "incomplete"


def test_it_records_a_low_rating_and_reopens(client, region, make_message, people, routed):
    message = make_message(region, **{**routed, "status": MessageStatus.CLOSED})
    client.force_login(people.operator)
    assert_done(post(client, message, "rate", {"rating": 2, "solved": "no"}), message, "возобновлено")
    assert (message.status, message.rating, message.solved) == (MessageStatus.REOPENED, 2, False)


def test_it_records_a_good_rating(client, region, make_message, people, routed):
    message = make_message(region, **{**routed, "status": MessageStatus.CLOSED})
    client.force_login(people.operator)
    assert_done(post(client, message, "rate", {"rating": 5, "solved": "unknown"}), message, "Оценка 5 записана.")
    assert (message.status, message.solved) == (MessageStatus.CLOSED, None)


# ---- agencies ----------------------------------------------------------------------------------


def test_it_lets_the_agency_take_the_message_and_answer_with_files(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    client.force_login(people.clerk)
    assert_done(post(client, message, "take"), message, "взято в работу")
    assert message.status == MessageStatus.IN_WORK
    files = [SimpleUploadedFile("акт.pdf", b"%PDF-1.4"), SimpleUploadedFile("фото.jpg", b"\xff\xd8\xff")]
    response = client.post(url(message, "interim"), {"interim-text": "Передано подрядчику", "interim-files": files})
    assert_done(response, message, "Промежуточный ответ отправлен")
    assert message.status == MessageStatus.INTERIM
    interim = message.answers.get()
    assert interim.kind == AnswerKind.INTERIM and sorted(interim.attachments.values_list("name", flat=True)) == ["акт.pdf", "фото.jpg"]
    response = client.post(url(message, "answer"), {"answer-text": "Яма заделана"})
    assert_done(response, message, "на проверку")
    assert message.status == MessageStatus.ANSWERED


def test_it_refuses_a_file_over_the_limit_and_keeps_the_text(client, region, make_message, people, routed, settings):
    from feedback.forms import actions as forms

    message = make_message(region, **routed)
    client.force_login(people.clerk)
    big = SimpleUploadedFile("big.pdf", b"x" * 2048)
    original = forms.MAX_ATTACHMENT_BYTES
    forms.MAX_ATTACHMENT_BYTES = 1024
    try:
        response = client.post(url(message, "answer"), {"answer-text": "Ответ <по существу>", "answer-files": [big]})
    finally:
        forms.MAX_ATTACHMENT_BYTES = original
    assert response.status_code == 400
    html = response.content.decode()
    assert "Файл «big.pdf» больше" in html and "Ответ &lt;по существу&gt;</textarea>" in html
    assert not message.answers.exists()


def test_it_requires_the_answer_text(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    client.force_login(people.clerk)
    response = post(client, message, "answer", {"text": "   "})
    assert response.status_code == 400 and "Заполните это поле." in response.content.decode()


def test_it_lets_the_agency_ask_for_another_route(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    client.force_login(people.clerk)
    assert_done(post(client, message, "reroute_request", {"reason": "Дорога областная"}), message, "переадресацию отправлен")
    assert message.reroute_reason == "Дорога областная"


# ---- refusals ----------------------------------------------------------------------------------


def test_it_refuses_a_sector_lead_who_tries_to_route(client, region, make_message, people):
    message = make_message(region, status=MessageStatus.CLASSIFIED, sector=region.roads, category=region.categories["Тротуары"])
    client.force_login(people.lead)
    response = post(client, message, "route", {"agency": region.city.pk})
    assert response.status_code == 403
    assert "Действие «Направить в орган» недоступно вашей роли." in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.CLASSIFIED and message.agency is None


def test_it_is_a_404_for_another_agency(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    client.force_login(people.other_clerk)
    assert post(client, message, "answer", {"text": "Ответ"}).status_code == 404
    assert not message.answers.exists()


def test_it_is_a_404_for_the_governors_office(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.governor)
    assert post(client, message, "comment", {"text": "?"}).status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, region, make_message):
    message = make_message(region)
    response = post(client, message, "reject", {"reason": "spam"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    message.refresh_from_db()
    assert message.status == MessageStatus.NEW


def test_it_refuses_an_operator_who_tries_to_answer(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    client.force_login(people.operator)
    response = post(client, message, "answer", {"text": "Ответ"})
    assert response.status_code == 403 and "недоступно вашей роли" in response.content.decode()


def test_it_refuses_an_action_the_state_does_not_allow(client, region, make_message, people, routed):
    message = make_message(region, **routed)
    client.force_login(people.operator)
    response = post(client, message, "accept")
    assert response.status_code == 403
    assert "невозможно: сообщение в состоянии «направлено в орган»" in response.content.decode()


def test_it_shows_a_refusal_of_the_service_on_the_card_not_a_500(client, region, make_message, people, routed):
    # Answered, but the answer is missing: only the service can tell.
    message = make_message(region, **{**routed, "status": MessageStatus.ANSWERED})
    client.force_login(people.operator)
    response = post(client, message, "accept", {"note": "Хороший ответ"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Нет окончательного ответа, ожидающего проверки." in html and "Хороший ответ</textarea>" in html
    message.refresh_from_db()
    assert message.status == MessageStatus.ANSWERED


def test_it_sends_a_get_back_to_the_card(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    response = client.get(url(message, "route"))
    assert response.status_code == 302 and response.url == reverse("feedback:card", kwargs={"pk": message.pk}) + "#route"


def test_it_is_a_404_for_an_unknown_action(client, region, make_message, people):
    message = make_message(region)
    client.force_login(people.operator)
    assert client.post(f"/messages/{message.pk}/delete/").status_code == 404


def test_it_needs_the_csrf_token(region, make_message, people):
    message = make_message(region)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.operator)
    assert post(client, message, "comment", {"text": "без токена"}).status_code == 403
    html = client.get(reverse("feedback:card", kwargs={"pk": message.pk})).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(url(message, "comment"), {"comment-text": "с токеном", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
