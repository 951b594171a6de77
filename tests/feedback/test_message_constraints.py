from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from feedback.models import EventKind, Message, MessageEvent


def test_it_numbers_messages_from_their_id(region, make_message):
    message = make_message(region)
    assert message.number == f"{message.pk:08d}"


def test_it_keeps_external_ids_unique_per_channel(region, make_message):
    make_message(region, external_id="POS-1")
    make_message(region, channel=region.social, external_id="POS-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_message(region, external_id="POS-1")


@pytest.mark.parametrize(
    "fields",
    [
        {"rating": 6},
        {"rating": 0},
        {"status": "lost"},
        {"latitude": 91.0},
        {"longitude": -181.0},
        {"text": ""},
    ],
)
def test_it_refuses_impossible_values(region, make_message, fields):
    message = make_message(region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(**fields)


def test_it_refuses_a_category_without_sector(region, make_message):
    message = make_message(region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(category=region.categories["Тротуары"])


def test_it_refuses_registration_before_receipt(region, make_message):
    message = make_message(region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(registered_at=message.received_at - timedelta(days=1))


def test_it_finds_russian_word_forms(region, make_message):
    wanted = make_message(region, text="Во дворе не вывозят мусор, контейнеры переполнены")
    make_message(region, text="Нет горячей воды в доме 12")
    for query in ("мусора", "контейнеров", "переполнены", "дворы"):
        found = Message.objects.filter(search_vector=SearchQuery(query, config="russian"))
        assert list(found) == [wanted], query
    assert not Message.objects.filter(search_vector=SearchQuery("отопление", config="russian")).exists()


def test_it_searches_the_problem_address_too(region, make_message):
    wanted = make_message(region, text="Яма на проезжей части", address="ул. Симеоновская, 12")
    assert list(Message.objects.filter(search_vector=SearchQuery("Симеоновская", config="russian"))) == [wanted]


def test_it_updates_updated_at_in_the_database(region, make_message):
    message = make_message(region)
    long_ago = timezone.now() - timedelta(days=3650)
    # Even a write that tries to set the stamp itself gets the database's time.
    Message.objects.filter(pk=message.pk).update(address="ул. Новая, 1", updated_at=long_ago)
    message.refresh_from_db()
    assert message.updated_at > long_ago + timedelta(days=3000)


def test_it_never_rewrites_history(region, make_message):
    message = make_message(region)
    event = MessageEvent.objects.get(message=message)
    assert event.kind == EventKind.CREATED
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        MessageEvent.objects.filter(pk=event.pk).update(note="подчищено")
    with pytest.raises(IntegrityError), transaction.atomic():
        MessageEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).delete()


def test_it_lets_an_explicit_purge_remove_history(region, make_message):
    message = make_message(region)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cur.purge = 'on'")
        Message.objects.filter(pk=message.pk).delete()
    assert not MessageEvent.objects.filter(message_id=message.pk).exists()


def test_it_stores_deadlines_at_registration(region, make_message):
    message = make_message(region)
    assert message.deadline_at > timezone.now()
    assert message.first_response_due_at is None
    incident = make_message(region, channel=region.social)
    assert incident.first_response_due_at is not None
    assert incident.first_response_due_at < incident.deadline_at


def test_it_writes_long_numbers_in_full(region, make_message):
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('feedback_message_id_seq', 123456788)")
    message = make_message(region)
    assert (message.pk, message.number) == (123456789, "123456789")
