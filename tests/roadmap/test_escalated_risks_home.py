"""A risk the head escalated waits on the curator's home page until it leaves that state."""

from __future__ import annotations

from django.urls import reverse

from roadmap.models import RiskState
from roadmap.selectors.escalated_risks import escalated_for
from roadmap.services.risks import risk_create, risk_escalate, risk_update


def _risk(people, approved_passport):
    return risk_create(project=approved_passport.project, by=people.minister, fields={
        "title": "Подрядчики срывают сроки", "probability": 3, "impact": 2, "owner": people.minister_official,
        "mitigation": "Штрафы", "state": RiskState.OPEN,
    })


def test_the_curator_sees_an_escalated_risk_on_his_home_page(client, people, approved_passport):
    risk = _risk(people, approved_passport)
    assert escalated_for(people.curator) == []
    risk_escalate(risk=risk, by=people.head, comment="Нужно решение о штрафах", notify=False)
    [item] = escalated_for(people.curator)
    assert item.title == "Подрядчики срывают сроки" and item.url == reverse("roadmap:risk", args=[risk.pk])
    client.force_login(people.curator)
    body = client.get(reverse("home")).content.decode()
    assert 'data-cur="waiting-for-me"' in body
    assert f'href="{reverse("roadmap:risk", args=[risk.pk])}"' in body and "передан куратору" in body


def test_nobody_else_gets_it_and_it_leaves_once_decided(client, people, approved_passport):
    risk = _risk(people, approved_passport)
    risk_escalate(risk=risk, by=people.head, comment="Нужно решение", notify=False)
    for other in (people.head, people.minister, people.operator):
        assert escalated_for(other) == []
    client.force_login(people.head)
    assert f'href="{reverse("roadmap:risk", args=[risk.pk])}"' not in client.get(reverse("home")).content.decode()
    fields = {f: getattr(risk, f) for f in ("title", "probability", "impact", "owner", "mitigation")}
    risk_update(risk=risk, by=people.head, fields={**fields, "state": RiskState.MITIGATING})
    assert escalated_for(people.curator) == []
