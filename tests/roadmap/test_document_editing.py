"""Editing every document that goes through the approval mechanism — passports, progress reports,
group compositions, additional indicators — through the one set of document pages: the author
edits his draft; those who may not are refused (404 outside their sectors, 403 otherwise); an
approved document is not edited; wrong input keeps what was typed and says what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from roadmap.approvals.chains import CaseState
from roadmap.models import IndicatorKind
from roadmap.services.approvals import approval_decide, approval_submit
from roadmap.services.groups import group_propose
from roadmap.services.indicators import indicator_create
from roadmap.services.reports import report_create

KINDS = ["passport", "report", "group", "indicator"]


@dataclass(frozen=True)
class Editing:
    """One kind of document as its edit page sees it."""

    url_name: str
    page_name: str
    valid: dict  # a post that saves
    saved: str  # what the saved document then shows on its page
    wrong: dict  # what, put into the valid post, the form refuses
    typed: str  # something typed in that post which must still be on the page
    error: str  # the Russian message about the wrong value


PASSPORT_POST = {
    "title": "Карта уборки снега", "background": "Жалобы на уборку", "period_start": "01.10.2026", "period_end": "30.04.2027",
    "curator": "", "project_head": "", "administrator": "", "change_reason": "",
    "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0", "goals-0-text": "Видеть уборку снега",
    "indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0", "indicators-0-name": "Убрано вовремя",
    "indicators-0-unit": "%", "indicators-0-calculation_method": "вовремя / всего", "indicators-0-base_value": "50",
    "indicators-0-year": "2026", "indicators-0-target_value": "80,5",
    "tasks-TOTAL_FORMS": "0", "tasks-INITIAL_FORMS": "0",
    "milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "0", "milestones-0-kind": "control_point",
    "milestones-0-title": "Карта запущена", "milestones-0-due_date": "01.12.2026",
    "funding-TOTAL_FORMS": "0", "funding-INITIAL_FORMS": "0",
    "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0",
}
REPORT_POST = {"period_start": "01.04.2026", "period_end": "30.06.2026", "done": "Подключены все подрядчики", "results": "Ответы в срок",
               "problems": "", "next_steps": "Фото до и после"}
GROUP_POST = {"kind": "expert", "name": "Эксперты по качеству ремонта", "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
              "members-0-role_in_group": "председатель"}  # the official is the minister's, set in the test
INDICATOR_POST = {
    "project": "", "name": "Участки с фото до и после", "unit": "%", "federal_result": "БКД: отремонтированные участки",
    "qualitative": "фото", "quantitative": "100 % участков", "calculation_method": "с фото / всего", "higher_is_better": "on",
    "plans-TOTAL_FORMS": "2", "plans-INITIAL_FORMS": "0",
    "plans-0-year": "2026", "plans-0-deadline": "31.12.2026", "plans-0-target": "90",
    "plans-1-year": "2027", "plans-1-deadline": "30.06.2027", "plans-1-target": "100",
}  # the responsible is the minister's official, set in the test

EDITING = {
    "passport": Editing("roadmap:passport_edit", "roadmap:passport", PASSPORT_POST, "Карта уборки снега",
                        {"period_end": "31.02.2027"}, "Видеть уборку снега", "ДД.ММ.ГГГГ"),
    "report": Editing("roadmap:report_edit", "roadmap:report", REPORT_POST, "Подключены все подрядчики",
                      {"period_end": "31.06.2026"}, "Подключены все подрядчики", "ДД.ММ.ГГГГ"),
    "group": Editing("roadmap:group_edit", "roadmap:group", GROUP_POST, "Эксперты по качеству ремонта",
                     {"name": ""}, "председатель", "Обязательное поле"),
    "indicator": Editing("roadmap:indicator_edit", "roadmap:indicator", INDICATOR_POST, "Участки с фото до и после",
                         {"plans-1-deadline": "30.06.2026"}, "БКД: отремонтированные участки", "в том же году"),
}


@pytest.fixture
def documents(people, region, make_passport, approved_passport):
    """Drafts of every kind by the roads' sector responsible, and a way to approve them."""

    class Documents:
        def draft(self, kind):
            project = approved_passport.project
            if kind == "passport":
                return make_passport(title="Дорожный черновик")
            if kind == "report":
                return report_create(project=project, by=people.minister, fields={
                    "period_start": date(2026, 1, 1), "period_end": date(2026, 3, 31), "done": "Все объекты в портале",
                    "results": "", "problems": "", "next_steps": "",
                })
            if kind == "group":
                return group_propose(project=project, by=people.minister, kind="working", name="Мониторинг ремонта",
                                     members=[{"official": people.minister_official, "role_in_group": "руководитель группы"}])
            return indicator_create(sector=region.roads, kind=IndicatorKind.ADDITIONAL, by=people.minister, fields={
                "name": "Доля ям, закрытых за сутки", "unit": "%", "federal_result": "БКД", "quantitative": "100",
                "responsible": people.minister_official,
            }, plans=[{"year": 2026, "deadline": date(2026, 12, 31), "target": Decimal("100")}])

        def approved(self, kind):
            document = self.draft(kind)
            approval_submit(document=document, by=people.minister)
            deciders = {"head": people.head, "curator": people.curator}
            case = document.approval
            case.refresh_from_db()
            while case.state == CaseState.REVIEW:
                approval_decide(document=document, by=deciders[case.pending_role], action="forward")
                case.refresh_from_db()
            return document

    return Documents()


def post_of(kind, people, **changes) -> dict:
    data = {**EDITING[kind].valid, **changes}
    if kind == "group":
        data.setdefault("members-0-official", people.minister_official.pk)
    if kind == "indicator":
        data.setdefault("responsible", people.minister_official.pk)
    return data


def edit_url(kind, document) -> str:
    return reverse(EDITING[kind].url_name, args=[document.pk])


@pytest.mark.parametrize("kind", KINDS)
def test_it_lets_the_author_edit_his_draft(client, people, documents, kind):
    document = documents.draft(kind)
    client.force_login(people.minister)
    assert client.get(edit_url(kind, document)).status_code == 200
    r = client.post(edit_url(kind, document), post_of(kind, people))
    page = reverse(EDITING[kind].page_name, args=[document.pk])
    assert r.status_code == 302 and r.url == page
    body = client.get(page).content.decode()
    assert EDITING[kind].saved in body
    assert "сохранен" in body.replace("ё", "е")  # the flash message after saving
    document.approval.refresh_from_db()
    assert document.approval.state == CaseState.DRAFT


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("who", "status"), [
    ("health_minister", 404),  # another sector: he may not learn the document exists
    ("head", 403), ("curator", 403), ("lead", 403),  # they read it, but only its author edits it
    ("operator", 403), ("agency", 403), ("outsider", 403),  # no projects at all
])
def test_it_refuses_the_edit_to_everyone_but_the_author(client, people, documents, kind, who, status):
    document = documents.draft(kind)
    client.force_login(getattr(people, who))
    assert client.get(edit_url(kind, document)).status_code == status
    assert client.post(edit_url(kind, document), post_of(kind, people)).status_code == status
    page = client.get(reverse(EDITING[kind].page_name, args=[document.pk])).content.decode()
    assert EDITING[kind].saved not in page


@pytest.mark.parametrize("kind", KINDS)
def test_it_tells_a_reader_why_he_may_not_edit(client, people, documents, kind):
    client.force_login(people.head)
    r = client.get(edit_url(kind, documents.draft(kind)))
    assert r.status_code == 403
    assert 'data-cur="refusal"' in r.content.decode() and "Готовит и представляет документ" in r.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_it_refuses_editing_an_approved_document(client, people, documents, kind):
    document = documents.approved(kind)
    client.force_login(people.minister)
    for r in (client.get(edit_url(kind, document)), client.post(edit_url(kind, document), post_of(kind, people))):
        assert r.status_code == 403
        assert "Утверждённый документ не изменяется" in r.content.decode()
    page = client.get(reverse(EDITING[kind].page_name, args=[document.pk])).content.decode()
    assert EDITING[kind].saved not in page
    assert reverse(EDITING[kind].url_name, args=[document.pk]) not in page  # and no "Изменить" button


@pytest.mark.parametrize("kind", KINDS)
def test_it_refuses_editing_a_document_under_review(client, people, documents, kind):
    document = documents.draft(kind)
    approval_submit(document=document, by=people.minister)
    client.force_login(people.minister)
    r = client.post(edit_url(kind, document), post_of(kind, people))
    assert r.status_code == 403 and "Документ на рассмотрении" in r.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_it_keeps_what_was_typed_when_the_input_is_wrong(client, people, documents, kind):
    document = documents.draft(kind)
    client.force_login(people.minister)
    r = client.post(edit_url(kind, document), post_of(kind, people, **EDITING[kind].wrong))
    body = r.content.decode()
    assert r.status_code == 400
    assert EDITING[kind].error in body and EDITING[kind].typed in body
    assert EDITING[kind].saved not in client.get(reverse(EDITING[kind].page_name, args=[document.pk])).content.decode()


@pytest.mark.parametrize(("kind", "changes", "error"), [
    ("group", {"members-TOTAL_FORMS": "2", "members-1-role_in_group": "член группы"}, "указан в составе дважды"),
    ("indicator", {"plans-1-year": "2026", "plans-1-deadline": "30.06.2026"}, "Год указан в плане дважды"),
])
def test_it_shows_a_refusal_of_the_rules_on_the_form(client, people, documents, kind, changes, error):
    document = documents.draft(kind)
    if kind == "group":
        changes = {**changes, "members-1-official": people.minister_official.pk}
    client.force_login(people.minister)
    r = client.post(edit_url(kind, document), post_of(kind, people, **changes))
    body = r.content.decode()
    assert r.status_code == 400
    assert error in body and EDITING[kind].typed in body


@pytest.mark.parametrize("kind", KINDS)
def test_it_lets_the_author_fix_a_returned_document(client, people, documents, kind):
    document = documents.draft(kind)
    approval_submit(document=document, by=people.minister)
    document.approval.refresh_from_db()
    decider = people.head if document.approval.pending_role == "head" else people.curator
    approval_decide(document=document, by=decider, action="return", comment="Уточните формулировки")
    client.force_login(people.minister)
    assert client.post(edit_url(kind, document), post_of(kind, people)).status_code == 302
    document.approval.refresh_from_db()
    assert document.approval.state == CaseState.RETURNED  # until he submits it again


@pytest.mark.parametrize("kind", KINDS)
def test_it_offers_the_edit_exactly_to_whom_the_edit_page_lets_in(client, people, documents, kind):
    document = documents.draft(kind)
    page = reverse(EDITING[kind].page_name, args=[document.pk])
    for who, offered in ((people.minister, True), (people.head, False), (people.curator, False)):
        client.force_login(who)
        r = client.get(page)
        assert r.context["may_edit"] is offered
        assert (edit_url(kind, document) in r.content.decode()) is offered
        assert (client.get(edit_url(kind, document)).status_code == 200) is offered


@pytest.fixture
def mandatory(people, region):
    from roadmap.models import Indicator, IndicatorPlan

    indicator = Indicator.objects.create(sector=region.roads, kind=IndicatorKind.MANDATORY, name="Доля ответов в срок", unit="%",
                                         federal_result="ФП ЦГУ", responsible=people.minister_official, created_by=people.head)
    IndicatorPlan.objects.create(indicator=indicator, year=2026, deadline=date(2026, 12, 31), target=Decimal("85"))
    return indicator


def test_it_lets_the_head_edit_a_mandatory_indicator(client, people, mandatory):
    client.force_login(people.head)
    url = reverse("roadmap:indicator_edit", args=[mandatory.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Доля ответов в срок" in page.content.decode()
    r = client.post(url, post_of("indicator", people))
    assert r.status_code == 302 and r.url == reverse("roadmap:indicator", args=[mandatory.pk])
    mandatory.refresh_from_db()
    assert mandatory.name == "Участки с фото до и после" and mandatory.approval is None
    assert [(p.year, p.target) for p in mandatory.plans.order_by("year")] == [(2026, Decimal("90.00")), (2027, Decimal("100.00"))]


def test_it_refuses_a_mandatory_indicator_to_the_sector_responsible(client, people, mandatory):
    client.force_login(people.minister)
    url = reverse("roadmap:indicator_edit", args=[mandatory.pk])
    for r in (client.get(url), client.post(url, post_of("indicator", people))):
        assert r.status_code == 403 and "Обязательные показатели изменяет руководитель ЦУР" in r.content.decode()
    mandatory.refresh_from_db()
    assert mandatory.name == "Доля ответов в срок"
