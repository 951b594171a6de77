"""feedback.selectors.card: the card's reads, what each role sees, and the related messages."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from feedback.models import EventKind, Message, PersonalDataView
from feedback.selectors import card as selectors
from feedback.services import triage


@pytest.fixture(autouse=True)
def no_statistics():
    """Every word counts as telling unless a test says otherwise: what autovacuum happened to
    analyse in the test database must not change which messages are similar."""
    selectors.LexemeFrequencies._cache = (time.monotonic(), {}, 0.0)
    yield
    selectors.LexemeFrequencies.forget()


def test_it_reads_the_message_with_its_references(region, make_message, people, routed):
    message = make_message(region, **routed)
    found = selectors.card_message(people.operator, message.pk)
    assert found.agency == region.city and found.category.name == "Ямы и выбоины"
    assert found.duplicate_of_number is None
    assert set(found.lexemes) >= {"улиц", "советск", "ям"}


@pytest.mark.parametrize("who", ["other_clerk", "governor"])
def test_it_hides_the_message_from_those_who_may_not_see_it(region, make_message, people, routed, who):
    message = make_message(region, **routed)
    with pytest.raises(Http404):
        selectors.card_message(getattr(people, who), message.pk)


def test_it_shows_personal_data_to_operators_and_logs_only_agency_views(region, make_message, people, routed):
    message = make_message(region, author_name="Петрова Анна", author_phone="+7 912 000-00-01", **routed)
    assert selectors.card_data(people.operator, message).personal["name"] == "Петрова Анна"
    assert not PersonalDataView.objects.exists()
    data = selectors.card_data(people.clerk, message)
    assert data.personal["phone"] == "+7 912 000-00-01" and data.personal_logged
    assert PersonalDataView.objects.get().user == people.clerk
    for user in (people.lead, people.curator):
        assert selectors.card_data(user, message).personal is None
    assert PersonalDataView.objects.count() == 1


def test_it_lists_the_history_with_actors_roles_and_new_deadlines(region, make_message, people):
    message = make_message(region, channel=region.letter)
    triage.message_comment(message=message, text="Позвонить автору", by=people.operator)
    triage.message_extend_deadline(message=message, days=10, reason="Выезд на место", by=people.operator)
    history = selectors.card_history(message)
    assert [item.event.kind for item in history] == [EventKind.CREATED, EventKind.COMMENT, EventKind.DEADLINE]
    assert history[0].actor_name == "" and history[1].role_label == "Оператор ЦУР"
    assert history[1].actor_name == people.operator.get_full_name()
    message.refresh_from_db()
    assert history[2].new_deadline == message.deadline_at


def test_it_finds_the_same_author_by_email_phone_or_handle(region, make_message, people):
    message = make_message(region, author_email="Ivanov@Mail.ru", author_phone="+7 (912) 345-67-89")
    by_email = make_message(region, author_email="ivanov@mail.ru")
    by_phone = make_message(region, author_phone="89123456789")
    make_message(region, author_phone="+7 912 345-67-80")
    make_message(region, author_email="")
    assert {m.pk for m in selectors.same_author(people.operator, message)} == {by_email.pk, by_phone.pk}
    social = make_message(region, channel=region.social, author_handle="id777")
    twin = make_message(region, channel=region.social, author_handle="id777")
    assert [m.pk for m in selectors.same_author(people.operator, social)] == [twin.pk]


def test_it_finds_nothing_for_an_anonymous_author(region, make_message, people):
    message = make_message(region)
    make_message(region)
    assert selectors.same_author(people.operator, message) == []


def test_it_hides_the_same_author_from_those_who_may_not_see_the_author(region, make_message, people, routed):
    message = make_message(region, author_email="a@b.ru", **routed)
    make_message(region, author_email="a@b.ru", **routed)
    assert len(selectors.related_messages(people.operator, message).same_author) == 1
    related = selectors.related_messages(people.lead, message)
    assert related.same_author == [] and related.author_hidden


def test_it_finds_the_same_place_within_the_municipality(region, make_message, people):
    message = make_message(region, address="ул. Советская, д. 5")
    same = make_message(region, address="ул. Советская, д. 5")
    make_message(region, address="ул. Советская, д. 5", municipality=region.rzhev)
    make_message(region, address="ул. Советская, д. 7")
    assert [m.pk for m in selectors.same_place(people.operator, message)] == [same.pk]
    assert selectors.same_place(people.operator, make_message(region, address="")) == []


def test_it_ranks_similar_texts_of_the_same_sector_within_90_days(region, make_message, people, routed):
    message = make_message(region, text="Огромная яма на дороге у школы, колёса разбиты", **routed)
    close = make_message(region, text="Яма на дороге у школы, разбил колесо", **routed)
    loose = make_message(region, text="Дорога к школе в плохом состоянии", **routed)
    make_message(region, text="Яма на дороге у школы", **{**routed, "sector": region.health, "category": region.categories["Запись к врачу"]})
    old = make_message(region, text="Яма на дороге у школы, колёса", **routed)
    Message.objects.filter(pk=old.pk).update(registered_at=timezone.now() - timedelta(days=120), received_at=timezone.now() - timedelta(days=121))
    make_message(region, text="Не работает запись к терапевту", **routed)
    similar = [m.pk for m in selectors.similar_text(people.operator, message)]
    assert similar[0] == close.pk
    assert set(similar) == {close.pk, loose.pk}
    assert similar[0] != message.pk


def test_it_compares_unclassified_messages_with_unclassified_ones(region, make_message, people, routed):
    message = make_message(region, text="Яма у школы")
    twin = make_message(region, text="Опять яма у школы")
    make_message(region, text="Яма у школы", **routed)
    assert [m.pk for m in selectors.similar_text(people.operator, message)] == [twin.pk]


def test_it_keeps_related_messages_within_what_the_user_may_see(region, make_message, people, routed):
    message = make_message(region, address="ул. Советская, д. 5", author_email="a@b.ru", **routed)
    mine = make_message(region, address="ул. Советская, д. 5", author_email="a@b.ru", **routed)
    make_message(region, address="ул. Советская, д. 5", author_email="a@b.ru", **{**routed, "agency": region.transport})
    related = selectors.related_messages(people.clerk, message)
    assert [m.pk for m in related.same_place] == [mine.pk]
    assert [m.pk for m in related.same_author] == [mine.pk]
    assert {m.pk for m in related.similar} == {mine.pk}


@pytest.fixture
def frequencies():
    """Lexeme frequencies as PostgreSQL's statistics would give them."""

    def use(table: dict[str, float], floor: float = 0.01):
        selectors.LexemeFrequencies._cache = (time.monotonic(), table, floor)

    yield use
    selectors.LexemeFrequencies.forget()


def test_it_takes_the_telling_words_rarest_first(frequencies):
    frequencies({"улиц": 0.6, "дом": 0.4, "ям": 0.03, "дорог": 0.02})
    words = selectors.similarity_words(["улиц", "дом", "ям", "дорог", "колес", "5", "ivan@mail.ru", "vk.com/wall1"])
    assert words == ["колес", "дорог", "ям"]
    assert selectors.similarity_words(["улиц", "дом"]) == ["дом", "улиц"]
    assert selectors.similarity_words([]) == [] and selectors.similarity_words(None) == []
    assert selectors.ts_or(["ям", "дорог"]) == "'дорог' | 'ям'"


def test_it_reads_lexeme_frequencies_from_the_database_statistics(region, make_message):
    from django.db import connection

    selectors.LexemeFrequencies.forget()
    for n in range(30):
        make_message(region, text=f"Яма на улице, дом {n}" + (" тротуар" if n == 0 else ""))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE feedback_message")
    try:
        table, floor = selectors.LexemeFrequencies.load()
        assert table["ям"] > 0.9 and table.get("тротуар", floor) < 0.1
    finally:
        selectors.LexemeFrequencies.forget()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://vk.com/wall-1_2", "https://vk.com/wall-1_2"),
        ("http://example.ru/a?b=1", "http://example.ru/a?b=1"),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("//evil.example/x", ""),
        ("ftp://example.ru/file", ""),
        ("", ""),
    ],
)
def test_it_shows_only_http_source_links(url, shown):
    assert selectors.safe_source_url(url) == shown
