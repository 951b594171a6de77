"""Suggested mass problems reach the operators and the sector's lead as notifications, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cur.models import Notification, NotificationKind
from cur.roles import RoleCode
from feedback.services.mass_problem_notifications import mass_problem_notifications_send

ADDRESS = "г. Тверь, ул. Советская, д. 5"


@pytest.fixture
def cluster(region, make_message, routed):
    texts = ["Огромная яма на дороге у дома", "Яма у дома, машины бьют колёса", "Яма на дороге <b>опять</b>"]
    return [make_message(region, address=ADDRESS, text=t, **routed) for t in texts]


def _mine(user):
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.MASS_PROBLEM))


def test_the_operators_and_the_sectors_lead_hear_of_it_once(cluster, people, make_user, region):
    health_lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.health])
    second_operator = make_user(RoleCode.OPERATOR)
    assert mass_problem_notifications_send() == 3
    [note] = _mine(people.operator)
    # The address names its town already: no «(Тверь)» after it.
    assert note.title == f"Похоже на массовую проблему: 3 сообщения — {ADDRESS}"
    assert note.body.startswith("Ямы и выбоины. Первое — ") and note.url == reverse("feedback:mass_problems")
    assert len(_mine(second_operator)) == 1 and len(_mine(people.lead)) == 1
    assert _mine(health_lead) == [] and _mine(people.curator) == []
    # A re-run, and a fourth message at the same house, add nothing.
    assert mass_problem_notifications_send() == 0
    assert mass_problem_notifications_send(now=timezone.now() + timedelta(hours=1)) == 0


def test_another_house_is_another_problem(cluster, people, region, make_message, routed):
    mass_problem_notifications_send()
    for text in ("Яма во дворе", "Яма у подъезда", "Глубокая яма у дома"):
        make_message(region, address="г. Тверь, ул. Ленина, д. 12", text=text, **routed)
    assert mass_problem_notifications_send() == 2  # the operator and the roads lead
    assert sorted(n.title.split(" — ")[1] for n in _mine(people.operator)) == [
        "г. Тверь, ул. Ленина, д. 12", ADDRESS,
    ]


def test_nothing_without_a_cluster_or_without_operators(region, make_message, routed, make_user):
    make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])
    for text in ("Яма", "Яма у дома", "Большая яма"):
        make_message(region, address=ADDRESS, text=text, **routed)
    assert mass_problem_notifications_send() == 0  # no operator: nobody to join them
    make_user(RoleCode.OPERATOR)
    make_message(region, address="г. Тверь, ул. Ленина, д. 1", text="Яма", **routed)
    assert mass_problem_notifications_send() == 2


def test_the_operator_reads_it_on_the_notifications_page_with_the_text_escaped(client, region, make_message, routed, people):
    for text in ("Яма", "Яма у дома", "Большая яма"):
        make_message(region, address="ул. <b>Тверская</b>, д. 3", text=text, **routed)
    mass_problem_notifications_send()
    client.force_login(people.operator)
    html = client.get(reverse("notifications")).content.decode()
    # Without the town in the address, its municipality follows it.
    assert "Похоже на массовую проблему: 3 сообщения — ул. &lt;b&gt;Тверская&lt;/b&gt;, д. 3 (Тверь)" in html
    assert "<b>Тверская</b>" not in html and "bi-people" in html


def test_the_beat_sends_them(cluster, people, settings):
    from feedback.tasks import notify_mass_problem_suggestions

    assert settings.CELERY_BEAT_SCHEDULE["mass-problem-notifications"]["task"] == notify_mass_problem_suggestions.name
    assert notify_mass_problem_suggestions.delay().get() == 2  # the operator and the roads lead
