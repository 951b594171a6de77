"""Indicators: the list, a new one (mandatory by the head, additional by the sector responsible),
its page with the plan-vs-actual chart, actuals entered only by the responsible person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from roadmap.approvals.chains import CaseState
from roadmap.models import Indicator, IndicatorKind, IndicatorPlan

DATA = {
    "name": "Объекты ремонта с фото", "unit": "%", "federal_result": "БКД: отремонтированные участки",
    "qualitative": "фото до и после", "quantitative": "100 % объектов", "calculation_method": "с фото / всего",
    "higher_is_better": "on", "project": "",
    "plans-TOTAL_FORMS": "2", "plans-INITIAL_FORMS": "0",
    "plans-0-year": "2026", "plans-0-deadline": "31.12.2026", "plans-0-target": "100",
    "plans-1-year": "2027", "plans-1-deadline": "30.06.2027", "plans-1-target": "100",
}


def test_it_proposes_an_additional_indicator_for_the_curator(client, people, region):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:indicator_new"), {**DATA, "sector": region.roads.pk, "kind": IndicatorKind.ADDITIONAL,
                                                       "responsible": people.minister_official.pk})
    indicator = Indicator.objects.get()
    assert r.status_code == 302
    assert indicator.approval.state == CaseState.DRAFT
    assert [(p.year, p.deadline, p.target) for p in indicator.plans.order_by("year")] == [
        (2026, date(2026, 12, 31), Decimal("100.00")), (2027, date(2027, 6, 30), Decimal("100.00")),
    ]
    # Mandatory ones are the head's.
    r = client.post(reverse("roadmap:indicator_new"), {**DATA, "sector": region.roads.pk, "kind": IndicatorKind.MANDATORY,
                                                       "responsible": people.minister_official.pk})
    assert r.status_code == 400 and Indicator.objects.count() == 1


def test_it_refuses_a_deadline_outside_its_year(client, people, region):
    client.force_login(people.minister)
    r = client.post(reverse("roadmap:indicator_new"), {**DATA, "sector": region.roads.pk, "kind": IndicatorKind.ADDITIONAL,
                                                       "responsible": people.minister_official.pk, "plans-1-deadline": "30.06.2026"})
    assert r.status_code == 400 and "в том же году" in r.content.decode()
    assert not Indicator.objects.exists()


@pytest.fixture
def mandatory(people, region):
    indicator = Indicator.objects.create(sector=region.roads, kind=IndicatorKind.MANDATORY, name="Доля ответов в срок", unit="%",
                                         federal_result="ФП ЦГУ", responsible=people.minister_official, created_by=people.head)
    IndicatorPlan.objects.create(indicator=indicator, year=2025, deadline=date(2025, 12, 31), target=Decimal("80"), actual=Decimal("78"))
    IndicatorPlan.objects.create(indicator=indicator, year=2026, deadline=date(2026, 12, 31), target=Decimal("85"))
    return indicator


def test_it_lets_only_the_responsible_enter_the_actual(client, people, mandatory):
    plan = mandatory.plans.get(year=2026)
    url = reverse("roadmap:indicator_actual", args=[mandatory.pk, plan.pk])
    for who in (people.head, people.curator):
        client.force_login(who)
        r = client.post(url, {"actual": "99"})
        assert r.status_code == 403 and "вносит ответственный за показатель" in r.content.decode()
    client.force_login(people.minister)
    assert client.post(url, {"actual": "81,5"}).status_code == 302
    plan.refresh_from_db()
    assert plan.actual == Decimal("81.5") and plan.actual_by == people.minister


def test_it_refuses_actuals_on_an_unapproved_additional_indicator(people, region):
    from roadmap.services.approvals import ApprovalRefused
    from roadmap.services.indicators import indicator_create, indicator_enter_actual

    indicator = indicator_create(sector=region.roads, kind=IndicatorKind.ADDITIONAL, by=people.minister, fields={
        "name": "Доп.", "unit": "%", "federal_result": "ФП", "quantitative": "100", "responsible": people.minister_official,
    }, plans=[{"year": 2026, "deadline": date(2026, 12, 31), "target": Decimal("100")}])
    with pytest.raises(ApprovalRefused, match="ещё не утверждён"):
        indicator_enter_actual(plan=indicator.plans.get(), by=people.minister, value=Decimal("5"))


def test_it_draws_plan_and_actual(client, people, mandatory):
    client.force_login(people.head)
    r = client.get(reverse("roadmap:indicator", args=[mandatory.pk]))
    chart = r.context["chart"]
    assert chart.labels == ["2025", "2026"]
    assert chart.datasets[0]["data"] == [80.0, 85.0] and chart.datasets[1]["data"] == [78.0, None]
    assert 'data-cur-chart="indicator-plan-data"' in r.content.decode()


def test_it_lists_indicators_in_few_queries(client, people, mandatory, region, django_assert_max_num_queries):
    for i in range(5):
        other = Indicator.objects.create(sector=region.roads, kind=IndicatorKind.MANDATORY, name=f"Показатель {i}", unit="%",
                                         federal_result="ФП", responsible=people.minister_official, created_by=people.head)
        IndicatorPlan.objects.create(indicator=other, year=2026, deadline=date(2026, 12, 31), target=Decimal("5"))
    client.force_login(people.head)
    with django_assert_max_num_queries(9):  # +1: the unread count on the bell
        r = client.get(reverse("roadmap:indicators"))
    assert r.content.decode().count('href="/projects/indicators/') >= 6


@pytest.mark.parametrize("who", ["operator", "agency", "outsider"])
def test_it_refuses_indicator_pages_to_outsiders(client, people, mandatory, who):
    client.force_login(getattr(people, who))
    plan = mandatory.plans.first()
    for url in (reverse("roadmap:indicators"), reverse("roadmap:indicator_new"), reverse("roadmap:indicator", args=[mandatory.pk]),
                reverse("roadmap:indicator_edit", args=[mandatory.pk])):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("roadmap:indicator_actual", args=[mandatory.pk, plan.pk]), {"actual": "1"}).status_code == 403


def test_it_hides_another_sectors_indicator(client, people, mandatory):
    client.force_login(people.health_minister)
    assert client.get(reverse("roadmap:indicator", args=[mandatory.pk])).status_code == 404
