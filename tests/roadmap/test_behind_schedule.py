"""The behind-schedule rule (roadmap/selectors/behind_schedule.py), with figures worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from roadmap.models import Indicator, IndicatorKind, IndicatorPlan
from roadmap.selectors.behind_schedule import behind_schedule

TODAY = date(2026, 7, 2)  # 182 days after 1 January; 31 December is 364 days after it


@pytest.fixture
def indicator(people, region):
    def make(*, kind=IndicatorKind.MANDATORY, higher=True, sector=None, name="Доля ответов в срок"):
        return Indicator.objects.create(
            sector=sector or region.roads, kind=kind, name=name, unit="%", federal_result="ФП «ЦГУ»",
            higher_is_better=higher, responsible=people.minister_official, created_by=people.head,
        )

    return make


def plan(indicator, year, deadline, target, actual=None):
    return IndicatorPlan.objects.create(indicator=indicator, year=year, deadline=deadline, target=Decimal(target),
                                        actual=None if actual is None else Decimal(actual))


def names(**kwargs):
    return [(row.indicator.name, row.reason.split(",")[0], row.expected) for row in behind_schedule(today=TODAY, **kwargs)]


def test_it_flags_an_actual_behind_the_straight_line_from_last_years_value(indicator):
    # Line from 60 (2025 actual) on 1 January to 80 on 31 December: 60 + 20 × 182 / 364 = 70 today.
    slow = indicator(name="Медленный")
    plan(slow, 2025, date(2025, 12, 31), "75", actual="60")
    plan(slow, 2026, date(2026, 12, 31), "80", actual="69")
    on_line = indicator(name="По линии")
    plan(on_line, 2025, date(2025, 12, 31), "75", actual="60")
    plan(on_line, 2026, date(2026, 12, 31), "80", actual="70")
    assert names() == [("Медленный", "отстаёт от равномерного графика к сроку 31.12.2026", Decimal("70.00"))]


def test_it_starts_the_line_at_zero_without_last_years_value(indicator):
    # 0 → 100 by 31 December: 50 expected today.
    counted = indicator(name="Счётный")
    plan(counted, 2026, date(2026, 12, 31), "100", actual="49")
    assert names() == [("Счётный", "отстаёт от равномерного графика к сроку 31.12.2026", Decimal("50.00"))]


def test_it_flags_a_passed_deadline_with_the_target_missed_or_no_actual(indicator):
    missed = indicator(name="Не достигнут")
    plan(missed, 2026, date(2026, 6, 30), "85", actual="84.99")
    silent = indicator(name="Без факта")
    plan(silent, 2026, date(2026, 6, 30), "85")
    reached = indicator(name="Достигнут")
    plan(reached, 2026, date(2026, 6, 30), "85", actual="85")
    assert sorted(names()) == [
        ("Без факта", "срок 30.06.2026 прошёл", Decimal("85")),
        ("Не достигнут", "срок 30.06.2026 прошёл", Decimal("85")),
    ]


def test_it_honours_lower_is_better(indicator):
    above = indicator(name="Жалоб больше цели", higher=False)
    plan(above, 2026, date(2026, 6, 30), "10", actual="12")
    below = indicator(name="Жалоб меньше цели", higher=False)
    plan(below, 2026, date(2026, 6, 30), "10", actual="9")
    # No last-year value and lower is better: no line to compare with before the deadline.
    future = indicator(name="Без линии", higher=False)
    plan(future, 2026, date(2026, 12, 31), "10", actual="500")
    # With last year's 300, the line to 100 stands at 300 − 200 × 182/364 = 200 today.
    lined = indicator(name="С линией", higher=False)
    plan(lined, 2025, date(2025, 12, 31), "300", actual="300")
    plan(lined, 2026, date(2026, 12, 31), "100", actual="201")
    assert sorted(names()) == [
        ("Жалоб больше цели", "срок 30.06.2026 прошёл", Decimal("10")),
        ("С линией", "отстаёт от равномерного графика к сроку 31.12.2026", Decimal("200.00")),
    ]


def test_it_counts_additional_indicators_only_once_approved(indicator, people):
    from roadmap.services.approvals import approval_decide, approval_open, approval_submit

    extra = indicator(kind=IndicatorKind.ADDITIONAL, name="Дополнительный", higher=True)
    extra.qualitative = "фото"
    extra.save(update_fields=["qualitative"])
    plan(extra, 2026, date(2026, 6, 30), "100", actual="10")
    approval_open(document=extra, author=people.minister, title="Дополнительный")
    assert names() == []
    approval_submit(document=extra, by=people.minister)
    assert names() == []
    approval_decide(document=extra, by=people.curator, action="forward")
    assert [n for n, *_ in names()] == ["Дополнительный"]


def test_it_scopes_to_sectors_and_to_the_responsible(indicator, people, region):
    plan(indicator(name="Дороги"), 2026, date(2026, 6, 30), "85", actual="1")
    plan(indicator(name="Здоровье", sector=region.health), 2026, date(2026, 6, 30), "85", actual="1")
    assert [n for n, *_ in names(sector_ids=[region.roads.pk])] == ["Дороги"]
    assert len(names(responsible_user=people.minister)) == 2
    assert names(responsible_user=people.head) == []


def test_it_shows_the_block_on_the_sector_dashboard_and_the_overview(client, indicator, people, region, make_user):
    from django.utils import timezone

    today = timezone.localdate()
    plan(indicator(name="Отстающий показатель"), today.year, date(today.year, 1, 1), "85", actual="1")
    if today == date(today.year, 1, 1):
        pytest.skip("1 января срок ещё не прошёл")
    client.force_login(people.lead)
    assert "Отстающий показатель" in client.get("/sectors/dashboard/").content.decode()
    client.force_login(people.head)
    assert "Отстающий показатель" in client.get("/overview/").content.decode()
    governor = make_user("governor_office")
    client.force_login(governor)
    assert "Отстающий показатель" not in client.get("/overview/").content.decode()
