"""Risks: recorded by the sector responsible or the head, escalated to the curator by the head only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from roadmap.models import Risk, RiskEscalation, RiskState


@pytest.fixture
def risk(people, approved_passport):
    from roadmap.services.risks import risk_create

    return risk_create(project=approved_passport.project, by=people.minister, fields={
        "title": "Подрядчики срывают сроки", "probability": 3, "impact": 2, "owner": people.minister_official,
        "mitigation": "Штрафы", "state": RiskState.OPEN,
    })


def test_it_records_a_risk(client, people, approved_passport):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:risk_new"), {"project": approved_passport.project.pk, "title": "Нет поставщика",
                                                  "probability": "2", "impact": "3", "owner": people.minister_official.pk,
                                                  "mitigation": "", "state": RiskState.OPEN})
    risk = Risk.objects.get()
    assert r.url == reverse("roadmap:risk", args=[risk.pk]) and risk.score == 6


def test_it_escalates_to_the_curator(client, people, risk, django_capture_on_commit_callbacks):
    client.force_login(people.head)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("roadmap:risk_escalate", args=[risk.pk]), {"comment": "Нужно решение о штрафах"})
    assert r.status_code == 302
    risk.refresh_from_db()
    escalation = RiskEscalation.objects.get()
    assert risk.state == RiskState.ESCALATED and escalation.by == people.head and escalation.comment == "Нужно решение о штрафах"
    assert mail.outbox[-1].to == ["curator@cur.example"] and "Нужно решение о штрафах" in mail.outbox[-1].body
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE roadmap_riskescalation SET comment = 'x' WHERE id = %s", [escalation.pk])


@pytest.mark.parametrize("who", ["minister", "curator"])
def test_it_lets_only_the_head_escalate(client, people, risk, who):
    client.force_login(getattr(people, who))
    assert client.post(reverse("roadmap:risk_escalate", args=[risk.pk]), {"comment": "Решите"}).status_code == 403
    assert not RiskEscalation.objects.exists()


def test_it_refuses_editing_to_another_sector(client, people, risk):
    client.force_login(people.health_minister)
    assert client.get(reverse("roadmap:risk", args=[risk.pk])).status_code == 404
    client.force_login(people.curator)
    assert client.post(reverse("roadmap:risk", args=[risk.pk]), {"title": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["operator", "agency", "outsider"])
def test_it_refuses_risk_pages_to_outsiders(client, people, risk, who):
    client.force_login(getattr(people, who))
    for url in (reverse("roadmap:risks"), reverse("roadmap:risk_new"), reverse("roadmap:risk", args=[risk.pk])):
        assert client.get(url).status_code == 403, url
