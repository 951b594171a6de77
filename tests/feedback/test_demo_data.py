"""The demo data generator: realistic, consistent, deterministic, and runs inside the test transaction."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from feedback.deadlines import deadlines_for
from feedback.demo import vocabulary
from feedback.demo.generator import TABLES, generate_demo_data, secondary_indexes
from feedback.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Answer,
    AnswerKind,
    AnswerReview,
    EventKind,
    Message,
    MessageEvent,
    MessageStatus,
)
from sectors.models import Sector
from sectors.services.routing import suggest_agency

# A fixed «now» keeps every expectation exact whatever day the suite runs.
NOW = datetime(2025, 6, 10, 15, 30, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)


@pytest.fixture
def generated(reference):
    result = generate_demo_data(messages=400, months=12, seed=3, now=NOW)
    messages = list(Message.objects.select_related("channel", "kind", "category", "municipality").order_by("id"))
    return result, messages


def _snapshot(messages):
    return [
        (m.text, m.status, m.channel.code, m.sector_id and m.sector.code, m.category_id and m.category.code,
         m.municipality_id and m.municipality.oktmo, m.agency_id and m.agency.name, m.received_at, m.deadline_at,
         m.rating, m.author_name, m.address)
        for m in messages
    ]


def test_it_creates_messages_with_answers_and_history(generated):
    result, messages = generated
    assert len(messages) == result.messages == 400
    assert MessageEvent.objects.count() == result.events > 4 * 400
    assert Answer.objects.count() == result.answers > 300
    created = Counter(MessageEvent.objects.filter(kind=EventKind.CREATED).values_list("message_id", flat=True))
    assert set(created) == {m.id for m in messages}
    assert set(created.values()) == {1}
    assert all(m.text and "{" not in m.text for m in messages)
    assert not Answer.objects.filter(text__contains="{").exists()


def test_it_is_deterministic_for_a_seed_and_adds_on_a_second_run(reference):
    generate_demo_data(messages=200, seed=5, now=NOW)
    first = list(Message.objects.select_related("channel", "sector", "category", "municipality", "agency").order_by("id"))
    first_events = list(MessageEvent.objects.order_by("id").values_list("kind", "from_status", "to_status", "at"))
    generate_demo_data(messages=200, seed=5, now=NOW)
    second = list(Message.objects.select_related("channel", "sector", "category", "municipality", "agency").order_by("id")[200:])
    second_events = list(MessageEvent.objects.order_by("id").values_list("kind", "from_status", "to_status", "at")[len(first_events):])

    assert _snapshot(second) == _snapshot(first)
    assert second_events == first_events
    # A second run adds: ids and external numbers never collide.
    assert Message.objects.count() == 400
    external = [m.external_id for m in Message.objects.exclude(external_id=None)]
    assert len(external) == len(set(external)) > 100

    generate_demo_data(messages=200, seed=6, now=NOW)
    third = list(Message.objects.select_related("channel", "sector", "category", "municipality", "agency").order_by("id")[400:])
    assert [m.text for m in third] != [m.text for m in first]


def test_it_keeps_states_answers_and_history_consistent(generated):
    _, messages = generated
    answers = defaultdict(list)
    for answer in Answer.objects.order_by("created_at", "id"):
        answers[answer.message_id].append(answer)
    events = defaultdict(list)
    for event in MessageEvent.objects.order_by("id"):
        events[event.message_id].append(event)

    for m in messages:
        mine = answers[m.id]
        history = [e for e in events[m.id] if e.to_status]
        assert history[-1].to_status == m.status, m.id
        # Each step starts where the previous one ended, in time order.
        assert all(a.to_status == b.from_status for a, b in zip(history, history[1:], strict=False)), m.id
        assert [e.at for e in events[m.id]] == sorted(e.at for e in events[m.id])
        assert all(e.at <= NOW for e in events[m.id])
        assert m.received_at <= m.registered_at <= NOW
        assert m.is_overdue == (m.status in OPEN_STATUSES and m.deadline_at < NOW), m.id
        assert (m.closed_at is not None) == (m.status in CLOSED_STATUSES), m.id
        if m.status == MessageStatus.CLOSED:
            assert any(a.kind == AnswerKind.FINAL and a.review == AnswerReview.ACCEPTED for a in mine), m.id
            assert m.closed_at >= m.answered_at
        if m.status in (MessageStatus.ANSWERED, MessageStatus.CLOSED):
            assert m.answered_at == max(a.created_at for a in mine if a.kind == AnswerKind.FINAL)
        else:
            assert m.answered_at is None
        returned = [a for a in mine if a.review == AnswerReview.RETURNED]
        assert len(returned) == m.returned_count
        assert all(a.return_reason and a.reviewed_at and a.review_note for a in returned)
        assert m.reopened_count == sum(e.to_status == MessageStatus.REOPENED for e in history)
        if m.rating is not None:
            assert 1 <= m.rating <= 5 and m.rated_at and m.solved is not None
            assert m.status in (MessageStatus.CLOSED, MessageStatus.REOPENED, MessageStatus.IN_WORK,
                                MessageStatus.ANSWERED)
        if mine:
            assert m.first_response_at == min(a.created_at for a in mine)
        if m.status == MessageStatus.DUPLICATE:
            assert m.duplicate_of_id and m.duplicate_of_id < m.id
        assert all(a.agency_id == m.agency_id for a in mine)

    statuses = Counter(m.status for m in messages)
    assert statuses[MessageStatus.CLOSED] > 250
    assert {MessageStatus.REJECTED, MessageStatus.DUPLICATE, MessageStatus.FORWARDED} <= set(statuses)
    assert any(m.is_overdue for m in messages)
    assert any(m.answered_at and m.answered_at > m.deadline_at for m in messages)


def test_it_classifies_within_sectors_and_routes_by_the_rules(generated):
    _, messages = generated
    for m in messages:
        if m.category_id:
            assert m.category.sector_id == m.sector_id
            assert not m.category.children.exists()
        if m.agency_id:
            assert m.agency == suggest_agency(category=m.category, municipality=m.municipality), m.id
        if m.status in (MessageStatus.NEW, MessageStatus.REJECTED, MessageStatus.DUPLICATE):
            assert m.category_id is None and m.agency_id is None


def test_it_computes_deadlines_with_the_deadline_rules(generated):
    _, messages = generated
    for m in messages:
        expected = deadlines_for(m.kind, m.registered_at)
        answer = expected.answer + timedelta(days=30) if m.deadline_extended else expected.answer
        assert m.deadline_at == answer, m.id
        assert m.first_response_due_at == expected.first_response, m.id
    assert any(m.deadline_extended for m in messages) or not any(m.kind.extendable for m in messages)


def test_it_spreads_messages_over_channels_sectors_places_and_months(generated):
    _, messages = generated
    channels = Counter(m.channel.code for m in messages)
    assert len(channels) >= 7
    assert channels.most_common(1)[0][0] == "pos"
    assert {m.sector_id for m in messages if m.sector_id} == set(Sector.objects.values_list("id", flat=True))
    assert len({m.municipality_id for m in messages}) >= 8
    months = {m.received_at.astimezone(NOW.tzinfo).strftime("%Y-%m") for m in messages}
    assert len(months) >= 12
    for m in messages:
        assert m.kind_id == m.channel.default_kind_id
        if m.channel.code == "pos":
            assert m.external_id and m.author_name
        if m.kind.first_response_hours and m.channel.code in ("social", "messenger", "media"):
            assert m.source_url.startswith("https://")
    assert 0.35 < sum(bool(m.author_phone) for m in messages) / len(messages) < 0.8


def test_it_rates_about_half_of_the_closed_messages_mostly_well(reference):
    generate_demo_data(messages=3000, seed=2, now=NOW)
    closed = Message.objects.filter(status=MessageStatus.CLOSED)
    rated = closed.exclude(rating=None)
    assert 0.4 < rated.count() / closed.count() < 0.6
    assert 0.55 < rated.filter(rating__gte=4).count() / rated.count() < 0.72


def test_it_refuses_in_russian_without_reference_data(db):
    with pytest.raises(CommandError, match="load_reference"):
        call_command("demo_data", messages=10, verbosity=0)


def test_it_runs_as_a_command(reference, capsys):
    call_command("demo_data", messages=120, months=3, seed=9, now=NOW, no_progress=True)
    assert Message.objects.count() == 120
    assert "Создано сообщений: 120" in capsys.readouterr().out
    oldest = Message.objects.order_by("received_at").first().received_at
    assert oldest >= NOW - timedelta(days=93)


def test_it_handles_zero_and_tiny_runs(reference):
    assert generate_demo_data(messages=0, now=NOW).messages == 0
    generate_demo_data(messages=1, now=NOW)
    assert Message.objects.count() == 1


def _index_definitions() -> list[tuple[str, str]]:
    """(name, definition) of every index of the three tables. PostgreSQL prints a rebuilt index's
    IN-list predicate with its casts in another place, so casts and parentheses are left out."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [list(TABLES)])
        rows = cursor.fetchall()
    return [(name, re.sub(r"::[a-z ]+(\[\])?|[()\s]", "", definition)) for name, definition in rows]


@pytest.mark.django_db(transaction=True)
def test_it_restores_the_indexes_it_drops_for_a_bulk_load():
    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)
    before = _index_definitions()
    with connection.cursor() as cursor:
        droppable = secondary_indexes(cursor)
    result = generate_demo_data(messages=150, seed=4, now=NOW, rebuild_indexes=True)
    assert _index_definitions() == before
    assert sorted(result.rebuilt_indexes) == sorted(name for name, _ in droppable)
    assert {"message_search", "event_message_time"} <= set(result.rebuilt_indexes)
    assert "message_external_id_unique_per_channel" not in result.rebuilt_indexes
    assert Message.objects.count() == 150


def test_it_has_vocabulary_safe_for_copy():
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, tuple | list):
            for v in value:
                yield from strings(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                yield from strings(getattr(value, name))

    every = [s for name in dir(vocabulary) if name.isupper() for s in strings(getattr(vocabulary, name))]
    assert len(every) > 500
    assert not [s for s in every if any(ch in s for ch in "\t\n\r\\")]
    assert vocabulary.female_surname("Иванов") == "Иванова"
    assert vocabulary.female_surname("Журавский") == "Журавская"
    assert vocabulary.female_surname("Кравченко") == "Кравченко"
    assert ("ул. Рабочая", "на улице Рабочей", "по улице Рабочей") in vocabulary.STREETS
    assert ("ул. Верхняя", "на улице Верхней", "по улице Верхней") in vocabulary.STREETS
