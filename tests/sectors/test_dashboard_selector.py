"""The sector dashboard's figures equal what a person counts from the messages of his sector."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from cur.roles import RoleCode
from feedback.models import MassProblem
from ratings.selectors.sector_dashboard import sector_dashboard

MSK = ZoneInfo("Europe/Moscow")
# Wednesday 18 November 2026, noon: the week started on Monday the 16th, the month on the 1st.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=MSK)


@pytest.fixture
def lead(region, make_user):
    return make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])


@pytest.fixture
def put(region, make_message):
    """put(hours_ago, category, **fields): a roads message registered that long before NOW."""

    def factory(hours_ago, category="Ямы и выбоины", **fields):
        moment = NOW - timedelta(hours=hours_ago)
        fields.setdefault("sector", region.categories[category].sector)
        fields.setdefault("status", "classified")
        return make_message(region, received_at=moment, registered_at=moment, category=region.categories[category], **fields)

    return factory


def test_it_counts_intake_today_this_week_and_month_and_what_is_open_now(region, lead, put):
    put(1)  # today
    put(30)  # Tuesday: this week
    put(24 * 10, status="closed")  # 8 November: this month
    put(24 * 20, status="in_work", deadline_at=NOW - timedelta(days=1), is_overdue=True)  # October, overdue
    put(2, status="routed", deadline_at=NOW + timedelta(days=1))  # due soon
    put(3, status="routed", deadline_at=NOW + timedelta(days=10))
    put(1, category="Запись к врачу")  # another sector: never counted here
    page = sector_dashboard(lead, now=NOW)
    assert page.tiles == {"today": 3, "week": 4, "month": 5, "open": 5, "overdue": 1, "due_soon": 1}
    assert page.title == "Дороги"


def test_it_measures_the_period_as_counted_from_the_messages(region, lead, put):
    put(24, status="closed", answered_at=NOW - timedelta(hours=14), deadline_at=NOW, rating=5)  # answered in 10 h, on time
    put(48, status="closed", answered_at=NOW - timedelta(hours=8), deadline_at=NOW - timedelta(hours=20), rating=2)  # 40 h, late
    put(72, status="in_work")
    put(24 * 40, status="closed", answered_at=NOW - timedelta(days=39), deadline_at=NOW, rating=1)  # October: previous period
    page = sector_dashboard(lead, now=NOW)
    assert page.kpi["received"] == 3 and page.kpi["answered"] == 2
    assert page.kpi["on_time"] == 50.0
    assert page.kpi["avg_rating"] == 3.5 and page.kpi["rated_high"] == 50.0
    # 10 h and 40 h: the middle lies between, read off the intervals 8–12 h and 36–48 h.
    assert 8 <= page.kpi["median_answer"] <= 48
    assert page.kpi_previous["received"] == 1 and page.kpi["received_change"] == 200.0


def test_it_ranks_categories_against_the_previous_period_and_asks_to_split_others(region, lead, put):
    for _ in range(4):
        put(5, category="Дороги: прочие")
    for _ in range(2):
        put(6, category="Тротуары")
    put(24 * 35, category="Тротуары")  # 14 October: within 1–18 October, the previous period
    page = sector_dashboard(lead, now=NOW)
    rows = [(r.name, r.count, r.previous) for r in page.categories]
    assert rows == [("Прочие по направлению", 4, 0), ("Тротуары", 2, 1)]
    assert page.categories[1].change == 100.0
    assert page.other is not None and page.other.share == pytest.approx(66.67, abs=0.01)
    assert "category=" in page.other.url and "sector=" in page.other.url


def test_it_does_not_ask_to_split_others_that_hold_a_small_share(region, lead, put):
    put(5, category="Дороги: прочие")
    for _ in range(11):
        put(6, category="Тротуары")
    page = sector_dashboard(lead, now=NOW)
    assert [r.name for r in page.categories] == ["Тротуары", "Прочие по направлению"]
    assert page.other is None


def test_it_breaks_down_by_municipality_and_agency_linking_to_the_queue(region, lead, put):
    put(5, municipality=region.rzhev, agency=region.transport, status="in_work", deadline_at=NOW - timedelta(hours=1), is_overdue=True)
    put(6, municipality=region.rzhev, agency=region.transport, status="closed", answered_at=NOW, deadline_at=NOW + timedelta(days=1))
    put(7, municipality=region.tver, agency=region.city, status="routed")
    page = sector_dashboard(lead, now=NOW)
    assert [(r.name, r.count, r.overdue) for r in page.municipalities] == [("Ржев", 2, 1), ("Тверь", 1, 0)]
    transport = page.agencies[0]
    assert (transport.name, transport.count, transport.open, transport.overdue, transport.on_time) == ("Минтранс", 2, 1, 1, 100.0)
    assert f"agency={region.transport.id}" in transport.url and "registered_from=01.11.2026" in transport.url


def test_it_signals_a_category_growing_in_a_municipality_and_open_mass_problems(region, lead, put):
    for day in range(5):
        put(24 * day + 2, municipality=region.rzhev)
    put(24 * 10, municipality=region.rzhev)  # the usual: one in four weeks
    for day in range(5):
        put(24 * day + 2, municipality=region.tver)
    for week in range(4):  # Тверь gets five a week anyway: no signal
        for _ in range(5):
            put(24 * (8 + 7 * week), municipality=region.tver)
    MassProblem.objects.create(title="Яма на Бурашевском шоссе", sector=region.roads)
    MassProblem.objects.create(title="Нет воды", sector=region.health)
    page = sector_dashboard(lead, now=NOW)
    texts = [a.text for a in page.alerts]
    assert any("Ямы и выбоины" in t and "Ржев" in t and "5 за 7 дней" in t for t in texts)
    assert not any("Тверь" in t for t in texts)
    assert any("Яма на Бурашевском шоссе" in t for t in texts) and not any("Нет воды" in t for t in texts)


def test_it_refuses_another_sector_and_users_without_statistics(region, lead, make_user):
    with pytest.raises(PermissionDenied):
        sector_dashboard(lead, sector=region.health.id, now=NOW)
    with pytest.raises(PermissionDenied):
        sector_dashboard(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city), now=NOW)


def test_it_shows_all_own_sectors_or_one_and_the_head_starts_with_the_first(region, make_user, put):
    minister = make_user(RoleCode.SECTOR_RESPONSIBLE, sectors=[region.roads, region.health])
    put(1)
    put(1, category="Запись к врачу")
    both = sector_dashboard(minister, now=NOW)
    assert both.selected is None and both.kpi["received"] == 2
    assert sector_dashboard(minister, sector=region.health.id, now=NOW).kpi["received"] == 1
    head_page = sector_dashboard(make_user(RoleCode.HEAD), now=NOW)
    assert head_page.sectors == [(region.roads.id, "Дороги")] and len(head_page.choices) == 2
