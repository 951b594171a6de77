"""POST /projects/approvals/<case>/: one endpoint decides on every kind of document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roadmap.approvals.chains import CaseState
from roadmap.models import Decision


def decide(client, version, action, comment=""):
    return client.post(reverse("roadmap:decide", args=[version.approval_id]), {"action": action, "comment": comment})


def case_state(version):
    version.approval.refresh_from_db()
    return version.approval.state


def test_it_walks_the_chain_through_the_pages(client, people, make_passport):
    version = make_passport()
    page = reverse("roadmap:passport", args=[version.pk])
    client.force_login(people.minister)
    assert decide(client, version, "submit").url == page
    client.force_login(people.head)
    r = decide(client, version, "return", "Добавьте финансирование на 2027 год")
    assert r.status_code == 302 and case_state(version) == CaseState.RETURNED
    client.force_login(people.minister)
    decide(client, version, "submit")
    client.force_login(people.head)
    decide(client, version, "forward")
    client.force_login(people.curator)
    r = decide(client, version, "forward", "Утверждаю")
    assert case_state(version) == CaseState.APPROVED
    body = client.get(r.url).content.decode()
    assert "Добавьте финансирование на 2027 год" in body and "Утверждаю" in body
    assert body.count("cur-timeline-item") == 5


def test_it_refuses_the_curator_before_the_head(client, people, make_passport):
    version = make_passport()
    client.force_login(people.minister)
    decide(client, version, "submit")
    client.force_login(people.curator)
    r = decide(client, version, "forward")
    assert r.status_code == 403
    assert "на согласовании у руководителя ЦУР" in r.content.decode()
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(("who", "status"), [("operator", 403), ("agency", 403), ("outsider", 403), ("health_minister", 404), ("lead", 403)])
def test_it_refuses_wrong_actors(client, people, make_passport, who, status):
    version = make_passport()
    client.force_login(getattr(people, who))
    assert decide(client, version, "submit").status_code == status
    assert case_state(version) == CaseState.DRAFT


def test_it_asks_for_remarks_with_400(client, people, make_passport):
    version = make_passport()
    client.force_login(people.minister)
    decide(client, version, "submit")
    client.force_login(people.head)
    r = decide(client, version, "return", "")
    assert r.status_code == 400 and "Укажите замечания" in r.content.decode()


def test_it_refuses_get(client, people, make_passport):
    version = make_passport()
    client.force_login(people.head)
    assert client.get(reverse("roadmap:decide", args=[version.approval_id])).status_code == 405
