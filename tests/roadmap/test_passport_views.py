"""Passport pages: the list per sector, a new passport, the version's page with its actions, editing,
a new version, the comparison — each refused to those who may not see or do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roadmap.approvals.chains import CaseState
from roadmap.models import PassportVersion
from roadmap.services.approvals import approval_submit

FORM_DATA = {
    "sector": "", "title": "Карта уборки снега", "background": "", "period_start": "01.10.2026", "period_end": "30.04.2027",
    "curator": "", "project_head": "", "administrator": "", "change_reason": "",
    "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0", "goals-0-text": "Видеть уборку снега",
    "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0", "indicators-0-name": "Убрано вовремя",
    "indicators-0-unit": "%", "indicators-0-calculation_method": "вовремя / всего", "indicators-0-base_value": "50",
    "indicators-0-year": "2026", "indicators-0-target_value": "80,5",
    "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0",
    "milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "0", "milestones-0-kind": "control_point",
    "milestones-0-title": "Карта запущена", "milestones-0-due_date": "01.12.2026",
    "funding-TOTAL_FORMS": "1", "funding-INITIAL_FORMS": "0",
    "participants-TOTAL_FORMS": "1", "participants-INITIAL_FORMS": "0",
}


def test_it_lists_passports_per_sector_with_states(client, people, make_passport, approved_passport, region, django_assert_max_num_queries):
    make_passport(title="Вторая дорога")
    make_passport(sector=region.health, by=people.health_minister, title="Запись к врачу без очереди")
    client.force_login(people.head)
    with django_assert_max_num_queries(9):  # +1: the unread count on the bell
        r = client.get(reverse("roadmap:passports"))
    body = r.content.decode()
    assert r.status_code == 200
    assert "Прозрачный ремонт дорог" in body and "Запись к врачу без очереди" in body
    assert "утверждён" in body and "черновик" in body


def test_it_shows_a_sector_responsible_only_his_sectors(client, people, make_passport, region):
    make_passport(sector=region.health, by=people.health_minister, title="Запись к врачу без очереди")
    make_passport(title="Дорожный проект")
    client.force_login(people.minister)
    body = client.get(reverse("roadmap:passports")).content.decode()
    assert "Дорожный проект" in body and "Запись к врачу" not in body
    assert client.get(reverse("roadmap:passports") + f"?sector={region.health.pk}").status_code == 403


@pytest.mark.parametrize("who", ["operator", "agency", "outsider"])
def test_it_refuses_project_pages_to_outsiders(client, people, approved_passport, who):
    client.force_login(getattr(people, who))
    pk = approved_passport.pk
    for url in (
        reverse("roadmap:passports"), reverse("roadmap:passport_new"), reverse("roadmap:passport", args=[pk]),
        reverse("roadmap:passport_edit", args=[pk]), reverse("roadmap:passport_compare", args=[pk]) + f"?with={pk}",
        reverse("roadmap:passport_pdf", args=[pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("roadmap:passport_new_version", args=[pk])).status_code == 403


def test_it_hides_another_sectors_passport(client, people, approved_passport):
    client.force_login(people.health_minister)
    assert client.get(reverse("roadmap:passport", args=[approved_passport.pk])).status_code == 404


def test_it_redirects_anonymous_users_to_login(client, approved_passport):
    r = client.get(reverse("roadmap:passport", args=[approved_passport.pk]))
    assert r.status_code == 302 and "/login/" in r.url


def test_it_creates_a_draft_for_the_sector_responsible(client, people, region):
    client.force_login(people.minister)
    page = client.get(reverse("roadmap:passport_new")).content.decode()
    assert "Здравоохранение" not in page  # he drafts only for his sectors
    r = client.post(reverse("roadmap:passport_new"), {**FORM_DATA, "sector": region.roads.pk})
    version = PassportVersion.objects.get()
    assert r.status_code == 302 and r.url == reverse("roadmap:passport", args=[version.pk])
    assert (version.title, version.number, version.approval.state) == ("Карта уборки снега", 1, CaseState.DRAFT)
    assert [str(i.target_value) for i in version.indicators.all()] == ["80.50"]
    assert version.milestones.get().due_date.isoformat() == "2026-12-01"


def test_it_refuses_a_passport_for_another_sector(client, people, region):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:passport_new"), {**FORM_DATA, "sector": region.health.pk})
    assert r.status_code == 400
    assert not PassportVersion.objects.exists()
    client.force_login(people.head)
    assert client.get(reverse("roadmap:passport_new")).status_code == 403


def test_it_keeps_what_was_typed_when_a_date_is_wrong(client, people, region):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:passport_new"), {**FORM_DATA, "sector": region.roads.pk, "period_end": "31.02.2027"})
    body = r.content.decode()
    assert r.status_code == 400
    assert "ДД.ММ.ГГГГ" in body and "Карта уборки снега" in body and "Видеть уборку снега" in body
    assert not PassportVersion.objects.exists()


def test_it_shows_actions_only_to_the_actor_who_may_act(client, people, make_passport):
    version = make_passport()
    url = reverse("roadmap:passport", args=[version.pk])
    client.force_login(people.minister)
    body = client.get(url).content.decode()
    assert 'data-cur="action-submit"' in body and 'data-cur="edit"' in body
    client.force_login(people.head)
    body = client.get(url).content.decode()
    assert "action-" not in body and 'data-cur="edit"' not in body
    approval_submit(document=version, by=people.minister)
    body = client.get(url).content.decode()
    assert 'data-cur="action-forward"' in body and "Согласовать" in body
    client.force_login(people.curator)
    assert "action-" not in client.get(url).content.decode()


def test_it_refuses_editing_an_approved_version_in_the_browser(client, people, approved_passport):
    client.force_login(people.minister)
    url = reverse("roadmap:passport_edit", args=[approved_passport.pk])
    r = client.get(url)
    assert r.status_code == 403
    assert "Утверждённый документ не изменяется" in r.content.decode()
    r = client.post(url, {**FORM_DATA, "title": "Подмена"})
    assert r.status_code == 403
    approved_passport.refresh_from_db()
    assert approved_passport.title == "Прозрачный ремонт дорог"


def test_it_makes_a_new_version_and_compares_it(client, people, approved_passport):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:passport_new_version", args=[approved_passport.pk]))
    new = PassportVersion.objects.get(number=2)
    assert r.url == reverse("roadmap:passport_edit", args=[new.pk])
    assert new.based_on == approved_passport and new.approval.state == CaseState.DRAFT
    assert new.goals.count() == 1 and new.indicators.count() == 1
    # A second unfinished version is refused.
    assert client.post(reverse("roadmap:passport_new_version", args=[approved_passport.pk])).status_code == 403
    data = {**FORM_DATA, "title": "Прозрачный ремонт дорог", "period_start": "15.01.2026", "period_end": "31.12.2027",
            "change_reason": "Цель поднята", "indicators-0-name": "Доля ответов в срок", "indicators-0-target_value": "90"}
    data.pop("sector")
    assert client.post(reverse("roadmap:passport_edit", args=[new.pk]), data).status_code == 302
    r = client.get(reverse("roadmap:passport_compare", args=[new.pk]) + f"?with={approved_passport.pk}")
    rows = {row.label: row for row in r.context["rows"]}
    assert rows["Показатели"].changed and rows["Цели"].changed and rows["Что изменено и почему"].changed
    assert not rows["Наименование"].changed and not rows["Сроки реализации"].changed
    assert any("цель 90" in line for line in rows["Показатели"].right_only)
    assert any("цель 85" in line for line in rows["Показатели"].left_only)
    body = r.content.decode()
    assert body.count('data-changed="1"') == sum(row.changed for row in rows.values())
    # The approved version stays the project's current one until the new one is approved.
    approved_passport.project.refresh_from_db()
    assert approved_passport.project.current_version_id == approved_passport.pk


def test_it_refuses_a_new_version_to_the_head(client, people, approved_passport):
    client.force_login(people.head)
    assert client.post(reverse("roadmap:passport_new_version", args=[approved_passport.pk])).status_code == 403


def test_it_shows_the_author_the_remarks_on_the_edit_page(client, people, make_passport):
    from roadmap.services.approvals import approval_decide

    version = make_passport()
    approval_submit(document=version, by=people.minister)
    approval_decide(document=version, by=people.head, action="return", comment="Нет финансирования на 2027 год")
    client.force_login(people.minister)
    body = client.get(reverse("roadmap:passport_edit", args=[version.pk])).content.decode()
    assert 'data-cur="remarks"' in body and "Нет финансирования на 2027 год" in body


def test_it_puts_projects_in_the_navigation_of_those_who_may_open_them(client, people):
    from cur.navigation import nav_for

    assert "/projects/" in [link.url for link in nav_for(people.curator)]
    assert "/projects/" in [link.url for link in nav_for(people.lead)]
    assert "/projects/" not in [link.url for link in nav_for(people.operator)]
    assert "/projects/" not in [link.url for link in nav_for(people.agency)]
