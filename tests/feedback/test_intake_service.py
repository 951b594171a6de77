"""feedback.services.intake: idempotent registration of incoming messages, deadlines, history."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from feedback.calendar import DEFAULT_CALENDAR
from feedback.models import (
    Channel,
    EventKind,
    Message,
    MessageEvent,
    MessageStatus,
)
from feedback.services.intake import IncomingMessage, message_create, messages_ingest


@pytest.fixture
def ref(region):
    return region


def incoming(external_id: str | None = None, **fields) -> IncomingMessage:
    defaults = {"text": "Во дворе дома 12 по улице Ленина не вывозят мусор", "received_at": timezone.now() - timedelta(hours=1)}
    return IncomingMessage(external_id=external_id, **{**defaults, **fields})


def test_it_creates_a_new_message_with_the_given_fields(ref):
    item = incoming(
        "ПОС-1", author_name="Иванова Мария", author_phone="+79123456789", address="ул. Ленина, 12",
        municipality_id=ref.tver.id, latitude=56.86, longitude=35.9,
    )

    result = messages_ingest(channel=ref.pos, items=[item])

    assert len(result.created) == 1 and result.duplicates == []
    message = Message.objects.get()
    assert message.channel == ref.pos
    assert message.kind == ref.pos_kind
    assert message.external_id == "ПОС-1"
    assert message.status == MessageStatus.NEW
    assert message.municipality == ref.tver
    assert (message.author_name, message.address, message.latitude) == ("Иванова Мария", "ул. Ленина, 12", 56.86)
    assert message.received_at == item.received_at
    assert message.registered_at >= message.received_at


def test_it_sets_the_deadline_by_the_kind_in_working_days(ref):
    message = message_create(channel=ref.pos, item=incoming("1"))

    local = timezone.localtime(message.registered_at)
    last_day = DEFAULT_CALENDAR.add_working_days(local.date(), 10)
    assert timezone.localtime(message.deadline_at) == datetime.combine(last_day, time(23, 59, 59), local.tzinfo)
    assert message.first_response_due_at is None


def test_it_sets_the_deadline_by_the_kind_in_calendar_days(ref):
    message = message_create(channel=ref.letter, item=incoming("1"))

    local = timezone.localtime(message.registered_at)
    assert timezone.localtime(message.deadline_at).date() == local.date() + timedelta(days=30)


def test_it_sets_the_first_response_deadline_for_incidents(ref):
    message = message_create(channel=ref.social, item=incoming("1"))

    assert message.first_response_due_at is not None
    assert message.registered_at < message.first_response_due_at < message.deadline_at


def test_it_prefers_the_item_kind_to_the_channel_default(ref):
    message = message_create(channel=ref.pos, item=incoming("1", kind=ref.appeal))

    assert message.kind == ref.appeal
    assert timezone.localtime(message.deadline_at).date() == timezone.localtime(message.registered_at).date() + timedelta(days=30)


def test_it_registers_an_old_message_now(ref):
    long_ago = timezone.now() - timedelta(days=40)

    message = message_create(channel=ref.letter, item=incoming("1", received_at=long_ago))

    assert message.received_at == long_ago
    assert message.registered_at > long_ago + timedelta(days=39)


def test_it_records_the_created_event(ref):
    message = message_create(channel=ref.pos, item=incoming("1"))

    event = MessageEvent.objects.get(message=message)
    assert event.kind == EventKind.CREATED
    assert event.to_status == MessageStatus.NEW
    assert event.from_status == ""
    assert "Платформа обратной связи" in event.note


def test_it_records_the_given_event_kind_and_the_extra_details(ref):
    item = incoming("1", extra={"file": "выгрузка.csv", "line": 7})

    messages_ingest(channel=ref.pos, items=[item], event_kind=EventKind.IMPORTED)

    event = MessageEvent.objects.get()
    assert event.kind == EventKind.IMPORTED
    assert event.data == {"file": "выгрузка.csv", "line": 7}


def test_it_is_idempotent_on_channel_and_external_id(ref):
    items = [incoming("A-1"), incoming("A-2")]
    messages_ingest(channel=ref.pos, items=items)

    again = messages_ingest(channel=ref.pos, items=[incoming("A-1"), incoming("A-2"), incoming("A-3")])

    assert [m.external_id for m in again.created] == ["A-3"]
    assert [i.external_id for i in again.duplicates] == ["A-1", "A-2"]
    assert Message.objects.count() == 3
    assert MessageEvent.objects.count() == 3


def test_it_counts_a_repeated_external_id_within_one_batch_as_a_duplicate(ref):
    result = messages_ingest(channel=ref.pos, items=[incoming("7"), incoming("7", text="Повтор той же жалобы")])

    assert len(result.created) == 1 and len(result.duplicates) == 1
    assert Message.objects.get().text.startswith("Во дворе")


def test_it_takes_the_same_external_id_in_another_channel_as_a_new_message(ref):
    messages_ingest(channel=ref.pos, items=[incoming("42")])

    result = messages_ingest(channel=ref.letter, items=[incoming("42")])

    assert len(result.created) == 1
    assert Message.objects.filter(external_id="42").count() == 2


def test_it_always_creates_items_without_external_id(ref):
    messages_ingest(channel=ref.pos, items=[incoming(None), incoming("")])
    messages_ingest(channel=ref.pos, items=[incoming(None)])

    assert Message.objects.count() == 3
    assert set(Message.objects.values_list("external_id", flat=True)) == {None}


def test_it_returns_the_existing_message_for_a_repeated_delivery(ref):
    first = message_create(channel=ref.pos, item=incoming("X"))

    second = message_create(channel=ref.pos, item=incoming("X", text="другой текст"))

    assert second.pk == first.pk
    assert Message.objects.count() == 1


def test_it_refuses_a_channel_without_a_default_kind_when_the_item_has_none(ref):
    bare = Channel.objects.create(code="media", name="СМИ")

    with pytest.raises(ValueError, match="СМИ"):
        messages_ingest(channel=bare, items=[incoming("1")])
    assert Message.objects.count() == 0


def _blind_to_existing(monkeypatch):
    """The first check for delivered items sees none, as when another process registers them
    between that check and the insert."""
    from feedback.services import intake

    original_insert, original_prepare = intake._insert, intake._PREPARE
    calls = []

    def insert(*args, **kwargs):
        calls.append(1)
        monkeypatch.setattr(intake, "_PREPARE", original_prepare.replace("external_id = ANY(%s)", "external_id = ANY(%s) AND FALSE") if len(calls) == 1 else original_prepare)
        return original_insert(*args, **kwargs)

    monkeypatch.setattr(intake, "_insert", insert)
    return calls


def test_it_counts_a_concurrently_delivered_item_as_a_duplicate(ref, monkeypatch):
    messages_ingest(channel=ref.pos, items=[incoming("R-1")])
    calls = _blind_to_existing(monkeypatch)

    result = messages_ingest(channel=ref.pos, items=[incoming("R-1"), incoming("R-2")])

    assert len(calls) == 2  # the clash was noticed, and the second try found R-1 delivered
    assert [m.external_id for m in result.created] == ["R-2"]
    assert [i.external_id for i in result.duplicates] == ["R-1"]
    assert Message.objects.count() == 2


def test_it_does_not_pass_off_a_broken_item_as_a_duplicate(ref):
    # Only the (channel, external_id) clash is a duplicate; a latitude of 100 is a caller's bug.
    with pytest.raises(IntegrityError):
        messages_ingest(channel=ref.pos, items=[incoming("ok"), incoming("bad", latitude=100.0, longitude=30.0)])
    assert Message.objects.count() == 0


def test_a_large_batch_goes_by_copy_with_every_text_as_delivered(ref):
    from cur.sql import COPY_FROM

    texts = [f"Сообщение {n}:\tтабуляция, \\ косая, ' кавычка\nи перевод строки" for n in range(COPY_FROM + 20)]
    items = [incoming(f"B-{n}", text=text, municipality_id=ref.tver.id) for n, text in enumerate(texts)]

    result = messages_ingest(channel=ref.pos, items=items)

    assert len(result.created) == len(items)
    stored = dict(Message.objects.values_list("external_id", "text"))
    assert stored == {f"B-{n}": text for n, text in enumerate(texts)}
    created = {m.pk: m.number for m in result.created}
    assert dict(Message.objects.values_list("pk", "number")) == created
    assert MessageEvent.objects.filter(kind=EventKind.CREATED).count() == len(items)
    # Delivered again, in the same transaction as the first (the staging table is empty again).
    again = messages_ingest(channel=ref.pos, items=items)
    assert again.created == [] and len(again.duplicates) == len(items)
    assert Message.objects.count() == len(items)


def test_a_single_text_with_placeholders_and_quotes_is_stored_as_written(ref):
    # The one-statement path quotes the text into SQL: nothing in it may be taken for SQL.
    text = "Проверка %s и %(x)s, кавычки ' \\\" и $$; '); DROP TABLE feedback_message; --"
    [message] = messages_ingest(channel=ref.pos, items=[incoming("Q-1", text=text, address="%s дом")]).created
    message.refresh_from_db()
    assert (message.text, message.address) == (text, "%s дом")
    assert list(message.events.values_list("kind", flat=True)) == [EventKind.CREATED]
