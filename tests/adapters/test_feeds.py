"""ПОС and social-media feeds: mapping, validation, idempotent re-delivery, the command."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback.adapters.feeds import FeedError, feed_ingest
from feedback.models import Message

pytestmark = pytest.mark.django_db


def _pos_feed(when):
    return [
        {
            "id": 1001, "text": "Не вывозят мусор", "created_at": when.isoformat(), "address": "ул. Советская, 5",
            "municipality": "г. Тверь", "lat": "56,8587", "lon": 35.9176, "url": "https://pos.gosuslugi.ru/x/1001",
            "author": {"name": "Петров Иван", "email": "ivan@example.ru", "phone": "8 912 345-67-89"},
        },
        {"id": "1002", "text": "Яма", "created_at": when.isoformat(), "municipality": "Ржев"},
    ]


def test_it_maps_a_pos_feed_and_reads_it_twice_without_duplicates(region):
    when = timezone.now() - timedelta(hours=2)
    report = feed_ingest(kind="pos", raw=json.dumps(_pos_feed(when)))
    assert (report.created, report.duplicates, report.errors) == (2, 0, [])
    m = Message.objects.get(external_id="1001")
    assert m.channel == region.pos and m.kind == region.pos_kind
    assert m.municipality == region.tver and (m.latitude, m.longitude) == (56.8587, 35.9176)
    assert (m.author_name, m.author_email, m.author_phone) == ("Петров Иван", "ivan@example.ru", "+79123456789")
    assert abs(m.received_at - when) < timedelta(seconds=1)
    assert m.events.get().data == {"feed": "pos", "position": 1}
    again = feed_ingest(kind="pos", raw=json.dumps({"items": _pos_feed(when)}))
    assert (again.created, again.duplicates) == (0, 2)
    assert Message.objects.count() == 2


def test_it_maps_a_social_incident_by_network_and_post(region):
    when = timezone.now() - timedelta(minutes=30)
    item = {"network": "VK", "post_url": "https://vk.com/wall-1_2", "author": "@ivanov", "text": "Нет света на Ленина", "published_at": when.isoformat()}
    report = feed_ingest(kind="social", raw=json.dumps([item, item]))
    assert (report.created, report.duplicates) == (1, 1)
    m = Message.objects.get()
    assert m.channel == region.social and m.kind == region.incident
    assert (m.external_id, m.author_handle, m.source_url) == ("vk:https://vk.com/wall-1_2", "@ivanov", "https://vk.com/wall-1_2")
    assert m.first_response_due_at is not None  # incidents owe a first response


def test_it_reports_bad_items_by_position_and_keeps_the_good_ones(region):
    now = timezone.now()
    items = [
        {"id": "1", "text": "", "created_at": now.isoformat()},
        {"id": "2", "text": "Текст", "created_at": (now + timedelta(days=2)).isoformat()},
        {"text": "Без номера", "created_at": now.isoformat()},
        "строка",
        {"id": "5", "text": "Хорошая", "created_at": now.isoformat(), "author": {"email": "плохой"}},
        {"id": "6", "text": "Хорошая", "created_at": now.isoformat()},
    ]
    report = feed_ingest(kind="pos", raw=json.dumps(items))
    assert report.created == 1
    assert [e.split(":")[0] for e in report.errors] == ["Запись 1", "Запись 2", "Запись 3", "Запись 4", "Запись 5"]
    assert "Не заполнен текст сообщения" in report.errors[0] and "ещё не наступила" in report.errors[1]
    assert "Электронная почта «плохой»" in report.errors[4]


@pytest.mark.parametrize("raw", ["не json", json.dumps({"data": []}), json.dumps(5)])
def test_it_refuses_an_unreadable_feed(region, raw):
    with pytest.raises(FeedError):
        feed_ingest(kind="pos", raw=raw)


def test_it_loads_a_feed_file_with_the_command(region, tmp_path):
    path = tmp_path / "pos.json"
    path.write_text(json.dumps(_pos_feed(timezone.now())), encoding="utf-8")
    out = StringIO()
    call_command("ingest_feed", str(path), kind="pos", stdout=out)
    assert "Создано: 2; уже были: 0; с ошибками: 0." in out.getvalue()
    out = StringIO()
    call_command("ingest_feed", str(path), kind="pos", stdout=out)
    assert "Создано: 0; уже были: 2" in out.getvalue()
    with pytest.raises(CommandError, match="не найден"):
        call_command("ingest_feed", str(tmp_path / "missing.json"), kind="pos")
    with pytest.raises(CommandError, match="Канал «nope» не найден"):
        call_command("ingest_feed", str(path), kind="pos", channel="nope")
