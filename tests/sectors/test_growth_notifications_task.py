"""The hourly growth task: the head hears of every sector, a sector lead of his own, each growth once."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from cur.models import Notification, NotificationKind
from cur.roles import RoleCode
from ratings.services.growth_notifications import growth_notifications_send
from ratings.tasks import notify_growth_alerts

pytestmark = pytest.mark.django_db


@pytest.fixture
def put(region, make_message):
    """put(hours_ago, category, municipality): a classified message registered that long ago."""

    def factory(hours_ago, category, municipality):
        moment = timezone.now() - timedelta(hours=hours_ago)
        cat = region.categories[category]
        return make_message(region, received_at=moment, registered_at=moment, category=cat, sector=cat.sector,
                            municipality=municipality, status="classified")

    return factory


@pytest.fixture
def spikes(region, put):
    """Potholes in Ржев and doctors' appointments in Тверь grow sharply; sidewalks in Тверь stay usual."""
    potholes = [put(24 * day + 1, "Ямы и выбоины", region.rzhev) for day in range(5)]
    for week in range(4):  # the usual: one a week
        put(24 * (9 + 7 * week), "Ямы и выбоины", region.rzhev)
    for day in range(6):
        put(24 * day + 1, "Запись к врачу", region.tver)
    for week in range(4):  # five a week anyway: no growth
        for day in range(5):
            put(24 * (8 + 7 * week + day // 2), "Тротуары", region.tver)
    for day in range(5):
        put(24 * day + 1, "Тротуары", region.tver)
    return potholes


@pytest.fixture
def people(region, make_user):
    class People:
        head = make_user(RoleCode.HEAD)
        roads_lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])
        health_lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.health])
        operator = make_user(RoleCode.OPERATOR)

    return People


def _titles(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_head_hears_of_every_sector_and_a_lead_of_his_own(spikes, people):
    assert notify_growth_alerts() == 4
    head = _titles(people.head)
    assert len(head) == 2
    # Nothing like it before: a count, not a percentage of nothing.
    assert head[0] == "Рост обращений: Запись к врачу — Тверь, 6 за 7 дней, обычно меньше одного в неделю"
    assert head[1] == "Рост обращений: Ямы и выбоины — Ржев, +400\u00a0% к обычному"
    assert _titles(people.roads_lead) == [head[1]]
    assert _titles(people.health_lead) == [head[0]]
    assert _titles(people.operator) == []
    assert not any("Тротуары" in t for t in Notification.objects.values_list("title", flat=True))
    note = Notification.objects.get(recipient=people.roads_lead)
    assert note.kind == NotificationKind.GROWTH_ALERT and note.read_at is None
    assert "поступило 5 сообщ.; в среднем за 4 предыдущие недели — 1,0 в неделю" in note.body and "«Дороги»" in note.body
    doctors = Notification.objects.get(recipient=people.health_lead)
    assert "за 4 предыдущие недели таких не было" in doctors.body


def test_a_rerun_adds_nothing_today_nor_while_the_same_growth_lasts(spikes, people):
    assert notify_growth_alerts() == 4
    assert notify_growth_alerts() == 0
    # Tomorrow the same potholes are still within the 7-day window: no second notification.
    assert growth_notifications_send(now=timezone.now() + timedelta(days=1)) == 0
    assert Notification.objects.count() == 4


def test_a_read_notification_is_not_sent_again(spikes, people):
    notify_growth_alerts()
    Notification.objects.update(read_at=timezone.now())
    assert notify_growth_alerts() == 0


def test_the_link_opens_the_queue_with_the_messages_of_the_growth(client, spikes, people):
    notify_growth_alerts()
    note = Notification.objects.get(recipient=people.roads_lead)
    client.force_login(people.roads_lead)
    response = client.get(note.url)
    assert response.status_code == 200
    assert sorted(m.pk for m in response.context["rows"]) == sorted(m.pk for m in spikes)


def test_nobody_to_tell_means_no_notifications(spikes):
    assert notify_growth_alerts() == 0
    assert not Notification.objects.exists()


def test_an_inactive_official_hears_nothing(spikes, people):
    people.roads_lead.official.is_active = False
    people.roads_lead.official.save(update_fields=["is_active"])
    notify_growth_alerts()
    assert _titles(people.roads_lead) == []


def test_it_is_scheduled_hourly():
    from django.conf import settings

    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "ratings.tasks.notify_growth_alerts")
    assert entry["schedule"].hour == set(range(24))
    with mock.patch("ratings.tasks.growth_notifications_send", return_value=3):
        assert notify_growth_alerts() == 3
