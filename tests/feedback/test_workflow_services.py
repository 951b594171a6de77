"""The whole life of a message through the services, and every refusal along the way."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import AnswerKind, AnswerReview, EventKind, MessageStatus
from feedback.services import answers, triage
from feedback.workflow import TransitionRefused, allowed_actions


@pytest.fixture
def people(people):
    """The shared users; the clerk has an address, so routing mail has somewhere to go."""
    people.clerk.official.email = "clerk@city.example"
    people.clerk.official.save(update_fields=["email"])
    return people


def _statuses(message):
    return list(message.events.order_by("at", "id").values_list("to_status", flat=True))


def test_it_walks_a_message_through_its_whole_life(region, make_message, people, django_capture_on_commit_callbacks):
    potholes = region.categories["Ямы и выбоины"]
    message = make_message(region)
    message = triage.message_classify(message=message, category=potholes, by=people.operator)
    assert (message.status, message.sector, message.category) == (MessageStatus.CLASSIFIED, region.roads, potholes)
    with django_capture_on_commit_callbacks(execute=True):
        message = triage.message_route(message=message, agency=region.city, by=people.operator)
    assert message.status == MessageStatus.ROUTED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk@city.example"]
    assert message.number in mail.outbox[0].subject
    message = answers.message_take_in_work(message=message, by=people.clerk)
    answers.answer_submit(message=message, kind=AnswerKind.INTERIM, text="Заявка передана подрядчику", by=people.clerk)
    message.refresh_from_db()
    assert message.status == MessageStatus.INTERIM and message.first_response_at is not None
    answers.answer_submit(
        message=message, kind=AnswerKind.FINAL, text="Яма заделана", by=people.clerk,
        files=[SimpleUploadedFile("акт.pdf", b"%PDF-1.4", content_type="application/pdf")],
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.ANSWERED and message.answered_at is not None
    new_deadline = timezone.now() + timedelta(days=5)
    message = answers.answer_return(message=message, reason="formal", new_deadline=new_deadline, by=people.operator, note="Нет фотографии")
    assert (message.status, message.returned_count, message.deadline_at) == (MessageStatus.RETURNED, 1, new_deadline)
    assert message.answers.get(kind=AnswerKind.FINAL).review == AnswerReview.RETURNED
    answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Яма заделана, фото прилагаем", by=people.clerk)
    message = answers.answer_accept(message=message, by=people.operator)
    assert message.status == MessageStatus.CLOSED and message.closed_at is not None
    message = answers.message_rate(message=message, rating=2, solved=False, by=people.operator)
    assert (message.status, message.reopened_count, message.agency) == (MessageStatus.REOPENED, 1, region.city)
    assert message.deadline_at > timezone.now()
    assert _statuses(message) == [
        "new", "classified", "routed", "in_work", "interim", "answered", "returned", "answered", "closed", "reopened",
    ]
    assert message.answers.get(text="Яма заделана").attachments.get().name == "акт.pdf"


def test_it_keeps_a_good_rating_closed(region, make_message, people):
    message = make_message(region, status=MessageStatus.CLOSED, agency=region.city, sector=region.roads, category=region.categories["Тротуары"])
    message = answers.message_rate(message=message, rating=5, solved=True, by=people.operator)
    assert (message.status, message.rating, message.solved) == (MessageStatus.CLOSED, 5, True)


@pytest.mark.parametrize(
    ("who", "action", "status", "match"),
    [
        ("clerk", "classify", MessageStatus.NEW, "недоступно вашей роли"),
        ("lead", "route", MessageStatus.CLASSIFIED, "недоступно вашей роли"),
        ("governor", "comment", MessageStatus.NEW, "недоступно"),
        ("operator", "answer", MessageStatus.ROUTED, "недоступно вашей роли"),
        ("other_clerk", "answer", MessageStatus.ROUTED, "недоступно"),
        ("operator", "accept", MessageStatus.ROUTED, "невозможно: сообщение в состоянии «направлено в орган»"),
        ("operator", "reject", MessageStatus.CLOSED, "невозможно"),
    ],
)
def test_it_refuses_wrong_actors_and_states(region, make_message, people, who, action, status, match):
    message = make_message(region, status=status, sector=region.roads, category=region.categories["Тротуары"], agency=region.city)
    user = getattr(people, who)
    calls = {
        "classify": lambda: triage.message_classify(message=message, category=region.categories["Тротуары"], by=user),
        "route": lambda: triage.message_route(message=message, agency=region.city, by=user),
        "comment": lambda: triage.message_comment(message=message, text="?", by=user),
        "answer": lambda: answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Ответ", by=user),
        "accept": lambda: answers.answer_accept(message=message, by=user),
        "reject": lambda: triage.message_reject(message=message, reason="спам", by=user),
    }
    before = message.events.count()
    with pytest.raises(TransitionRefused, match=match):
        calls[action]()
    message.refresh_from_db()
    assert message.status == status and message.events.count() == before


def test_it_needs_a_category_before_routing(region, make_message, people):
    message = make_message(region, status=MessageStatus.CLASSIFIED)
    with pytest.raises(TransitionRefused, match="классифицируйте"):
        triage.message_route(message=message, agency=region.city, by=people.operator)


def test_it_requires_reasons(region, make_message, people):
    message = make_message(region)
    with pytest.raises(TransitionRefused, match="причину отклонения"):
        triage.message_reject(message=message, reason="  ", by=people.operator)
    with pytest.raises(TransitionRefused, match="орган"):
        triage.message_forward(message=message, recipient="", reason="не наша компетенция", by=people.operator)
    message = triage.message_reject(message=message, reason="Реклама", by=people.operator)
    assert message.status == MessageStatus.REJECTED and message.closed_at is not None


def test_it_forwards_outside_competence(region, make_message, people):
    message = triage.message_forward(message=make_message(region), recipient="Прокуратура Тверской области", reason="вопрос надзора", by=people.operator)
    assert message.status == MessageStatus.FORWARDED
    assert message.events.last().data == {"recipient": "Прокуратура Тверской области"}


def test_it_points_duplicates_at_the_first_message(region, make_message, people):
    first, second, third = make_message(region), make_message(region), make_message(region)
    triage.message_mark_duplicate(message=second, original=first, by=people.operator)
    third = triage.message_mark_duplicate(message=third, original=second, by=people.operator)
    assert third.duplicate_of == first and third.status == MessageStatus.DUPLICATE
    with pytest.raises(TransitionRefused, match="самого себя"):
        triage.message_mark_duplicate(message=first, original=first, by=people.operator)


def test_it_creates_and_joins_a_mass_problem(region, make_message, people):
    a, b = make_message(region, address="ул. Ленина, 5"), make_message(region)
    problem = triage.message_attach_to_mass_problem(message=a, title="Нет отопления, ул. Ленина, 5", by=people.operator)
    assert problem.address == "ул. Ленина, 5"
    triage.message_attach_to_mass_problem(message=b, problem=problem, by=people.operator)
    assert set(problem.messages.all()) == {a, b}


def test_it_extends_a_59fz_deadline_once(region, make_message, people):
    message = make_message(region, channel=region.letter)
    before = message.deadline_at
    message = triage.message_extend_deadline(message=message, days=30, reason="Нужна выездная проверка", by=people.operator)
    assert message.deadline_at == before + timedelta(days=30) and message.deadline_extended
    with pytest.raises(TransitionRefused, match="только один раз"):
        triage.message_extend_deadline(message=message, days=5, reason="Ещё", by=people.operator)
    pos = make_message(region)
    with pytest.raises(TransitionRefused, match="не продлевается"):
        triage.message_extend_deadline(message=pos, days=5, reason="Причина", by=people.operator)
    letter = make_message(region, channel=region.letter)
    with pytest.raises(TransitionRefused, match="1–30"):
        triage.message_extend_deadline(message=letter, days=31, reason="Причина", by=people.operator)


def test_it_lets_the_agency_ask_for_another_route(region, make_message, people):
    message = make_message(region, status=MessageStatus.ROUTED, sector=region.roads, category=region.categories["Тротуары"], agency=region.city)
    message = answers.message_request_reroute(message=message, reason="Дорога областная", by=people.clerk)
    assert message.reroute_requested_at is not None
    message = triage.message_route(message=message, agency=region.transport, by=people.operator)
    assert message.reroute_requested_at is None and message.agency == region.transport


def test_it_returns_only_with_a_known_reason_and_a_future_deadline(region, make_message, people):
    message = make_message(region, status=MessageStatus.ROUTED, sector=region.roads, category=region.categories["Тротуары"], agency=region.city)
    answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Ответ", by=people.clerk)
    with pytest.raises(TransitionRefused, match="причину возврата"):
        answers.answer_return(message=message, reason="bad", new_deadline=timezone.now() + timedelta(days=1), by=people.operator)
    with pytest.raises(TransitionRefused, match="в будущем"):
        answers.answer_return(message=message, reason="formal", new_deadline=timezone.now() - timedelta(days=1), by=people.operator)


def test_it_shows_each_role_only_its_actions(region, make_message, people):
    message = make_message(region, status=MessageStatus.ROUTED, sector=region.roads, category=region.categories["Тротуары"], agency=region.city)
    assert {"route", "classify", "comment"} <= set(allowed_actions(message, people.operator))
    assert "answer" not in allowed_actions(message, people.operator)
    assert set(allowed_actions(message, people.clerk)) == {"take", "interim", "answer", "reroute_request"}
    assert allowed_actions(message, people.other_clerk) == []
    assert allowed_actions(message, people.lead) == ["comment"]
    assert allowed_actions(message, people.governor) == []


def test_it_writes_who_did_what_in_which_role(region, make_message, people):
    message = make_message(region)
    triage.message_comment(message=message, text="Позвонить автору", by=people.operator)
    event = message.events.get(kind=EventKind.COMMENT)
    assert (event.actor, event.actor_role, event.note) == (people.operator, "operator", "Позвонить автору")


def test_it_never_lets_an_administrator_answer_for_an_agency(region, make_message, make_user):
    head = make_user(RoleCode.HEAD)
    head.is_superuser = True
    head.save(update_fields=["is_superuser"])
    message = make_message(region, status=MessageStatus.ROUTED, sector=region.roads, category=region.categories["Тротуары"], agency=region.city)
    assert not {"take", "interim", "answer", "reroute_request"} & set(allowed_actions(message, head))
    with pytest.raises(TransitionRefused):
        answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Ответ", by=head)
    assert "route" in allowed_actions(message, head)
