"""Progress reports (the passport's chain) and group compositions (straight to the curator)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roadmap.approvals.chains import CaseState
from roadmap.models import GroupComposition, ProgressReport
from roadmap.services.approvals import ApprovalRefused, approval_decide, approval_submit


def test_it_takes_a_report_through_the_chain(client, people, approved_passport):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:report_new", args=[approved_passport.project.pk]), {
        "period_start": "01.01.2026", "period_end": "31.03.2026", "done": "Все объекты в портале", "results": "", "problems": "",
        "next_steps": "",
    })
    report = ProgressReport.objects.get()
    assert r.url == reverse("roadmap:report", args=[report.pk]) and report.passport == approved_passport
    approval_submit(document=report, by=people.minister)
    with pytest.raises(ApprovalRefused):
        approval_decide(document=report, by=people.curator, action="forward")
    approval_decide(document=report, by=people.head, action="forward")
    approval_decide(document=report, by=people.curator, action="forward")
    report.approval.refresh_from_db()
    assert report.approval.state == CaseState.APPROVED
    body = client.get(reverse("roadmap:report", args=[report.pk])).content.decode()
    assert "Все объекты в портале" in body and "утверждён" in body


def test_it_refuses_a_report_without_an_approved_passport(client, people, make_passport):
    version = make_passport()
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:report_new", args=[version.project.pk]), {
        "period_start": "01.01.2026", "period_end": "31.03.2026", "done": "x"})
    assert r.status_code == 400 and "нет утверждённого паспорта" in r.content.decode()


def test_it_sends_a_group_straight_to_the_curator(client, people, approved_passport):
    client.force_login(people.minister)
    official = people.minister_official
    r = client.post(reverse("roadmap:group_new", args=[approved_passport.project.pk]), {
        "kind": "working", "name": "Мониторинг ремонта", "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
        "members-0-official": official.pk, "members-0-role_in_group": "руководитель группы",
    })
    group = GroupComposition.objects.get()
    assert r.url == reverse("roadmap:group", args=[group.pk])
    approval_submit(document=group, by=people.minister)
    with pytest.raises(ApprovalRefused):
        approval_decide(document=group, by=people.head, action="forward")
    approval_decide(document=group, by=people.curator, action="forward")
    group.approval.refresh_from_db()
    assert group.approval.state == CaseState.APPROVED


def test_it_refuses_a_group_proposal_from_another_sector(client, people, approved_passport):
    client.force_login(people.head)
    assert client.get(reverse("roadmap:group_new", args=[approved_passport.project.pk])).status_code == 403
    client.force_login(people.health_minister)
    assert client.get(reverse("roadmap:group_new", args=[approved_passport.project.pk])).status_code == 404


@pytest.mark.parametrize("who", ["operator", "agency", "outsider"])
def test_it_refuses_report_and_group_pages_to_outsiders(client, people, approved_passport, who):
    client.force_login(getattr(people, who))
    pk = approved_passport.project.pk
    for url in (reverse("roadmap:report_new", args=[pk]), reverse("roadmap:group_new", args=[pk])):
        assert client.get(url).status_code == 403, url
