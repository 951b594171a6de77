"""The overview's figures are what a person would count from the messages by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cur.roles import RoleCode
from feedback.models import OPEN_STATUSES, Message
from ratings.periods import period_from_key
from ratings.selectors.overview import TOP_AGENCIES, overview, percent_change
from ratings.selectors.workload import staff_by_sector, workload
from sectors.models import Agency, AgencyKind, Official, Sector

MSK = ZoneInfo("Europe/Moscow")
# February 2025, compared with January 2025.
FEBRUARY = period_from_key("previous_month", date(2025, 3, 15))


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=MSK)


@pytest.fixture
def put(region, make_message):
    """put(day, sector, status, …): a message registered that day with the outcome given."""

    def factory(day, sector, status, *, agency=None, channel=None, answer_h=None, deadline_h=240, rating=None, reopened=0, overdue=False):
        registered = at(day)
        return make_message(
            region, channel=channel, received_at=registered, registered_at=registered, sector=sector, agency=agency,
            status=status, rating=rating, reopened_count=reopened, is_overdue=overdue,
            deadline_at=registered + timedelta(hours=deadline_h),
            answered_at=registered + timedelta(hours=answer_h) if answer_h is not None else None,
        )

    return factory


@pytest.fixture
def scene(region, put):
    roads, health = region.roads, region.health
    # February: the period.
    put(date(2025, 2, 3), roads, "closed", agency=region.city, answer_h=30, rating=5)
    put(date(2025, 2, 10), roads, "closed", agency=region.city, answer_h=300, rating=2, reopened=1, channel=region.social)
    put(date(2025, 2, 12), roads, "in_work", agency=region.city, deadline_h=-1, overdue=True)
    put(date(2025, 2, 28), roads, "answered", agency=region.transport, answer_h=10, rating=4, channel=region.letter)
    put(date(2025, 2, 14), health, "closed", agency=region.minzdrav, answer_h=100, rating=4)
    put(date(2025, 2, 15), health, "routed", agency=region.minzdrav)
    put(date(2025, 2, 20), None, "new", deadline_h=-5, overdue=True)
    # January: the previous period.
    put(date(2025, 1, 9), roads, "closed", agency=region.city, answer_h=20)
    put(date(2025, 1, 10), health, "closed", agency=region.minzdrav, answer_h=20)
    put(date(2025, 1, 11), health, "closed", agency=region.minzdrav, answer_h=500)
    # Older and still open: counts "now", not in either period.
    put(date(2024, 12, 2), roads, "in_work", agency=region.transport, deadline_h=-1, overdue=True)
    put(date(2024, 12, 3), health, "returned", agency=region.minzdrav, deadline_h=-1, overdue=True)
    # March: after the period.
    put(date(2025, 3, 1), roads, "new")
    return region


def by_hand(sector_id):
    mine = Message.objects.filter(sector_id=sector_id)
    period = [m for m in mine if date(2025, 2, 1) <= m.registered_at.astimezone(MSK).date() <= date(2025, 2, 28)]
    answered = [m for m in period if m.answered_at]
    ratings = [m.rating for m in period if m.rating]
    return {
        "received": len(period),
        "open": mine.filter(status__in=OPEN_STATUSES).count(),
        "overdue": mine.filter(is_overdue=True).count(),
        "on_time": 100.0 * sum(m.answered_at <= m.deadline_at for m in answered) / len(answered) if answered else None,
        "avg_rating": sum(ratings) / len(ratings) if ratings else None,
        "rated_high": 100.0 * sum(r >= 4 for r in ratings) / len(ratings) if ratings else None,
        "reopened": 100.0 * sum(m.reopened_count > 0 for m in period) / len(period) if period else None,
    }


def test_it_counts_every_sector_as_by_hand(scene):
    result = overview(FEBRUARY)
    rows = {row.sector_id: row for row in result.sectors}
    assert set(rows) == {scene.roads.id, scene.health.id, None}
    for sector_id, row in rows.items():
        expected = by_hand(sector_id)
        got = {key: getattr(row, key) for key in expected}
        assert got == pytest.approx(expected), sector_id
    roads = rows[scene.roads.id]
    assert (roads.received, roads.open, roads.overdue) == (4, 4, 2)
    assert roads.on_time == pytest.approx(200 / 3) and roads.avg_rating == pytest.approx(11 / 3)
    assert rows[None].is_unclassified and rows[None].received == 1


def test_it_totals_the_region(scene):
    total = overview(FEBRUARY).total
    assert total.is_total
    assert total.received == 7
    assert total.open == Message.objects.filter(status__in=OPEN_STATUSES).count() == 7
    assert total.overdue == Message.objects.filter(is_overdue=True).count() == 4
    assert total.avg_rating == pytest.approx(15 / 4)


def test_it_compares_with_the_previous_period(scene):
    result = overview(FEBRUARY)
    rows = {row.sector_id: row for row in result.sectors}
    assert (rows[scene.roads.id].received_before, rows[scene.roads.id].change) == (1, pytest.approx(300.0))
    assert (rows[scene.health.id].received_before, rows[scene.health.id].change) == (2, pytest.approx(0.0))
    # Nothing unclassified in January: no change to speak of.
    assert rows[None].received_before == 0 and rows[None].change is None
    assert result.total.received_before == 3
    # January: 2 of 3 on time; February: 3 of 4 answered on time → +8.3 percentage points.
    assert result.on_time_before == pytest.approx(200 / 3)
    assert result.on_time_change == pytest.approx(75 - 200 / 3)
    assert percent_change(5, 0) is None and percent_change(3, 4) == pytest.approx(-25.0)


def test_it_compares_a_month_so_far_with_the_same_days_of_the_last_month(region, put):
    for day in (date(2025, 1, 5), date(2025, 1, 25), date(2025, 2, 3), date(2025, 2, 10)):
        put(day, region.roads, "closed")
    so_far = period_from_key("month", date(2025, 2, 10))
    rows = {row.sector_id: row for row in overview(so_far).sectors}
    # 1–10 February against 1–10 January: the message of 25 January is not compared with.
    assert (rows[region.roads.id].received, rows[region.roads.id].received_before) == (2, 1)


def test_it_shares_channels_of_the_period(scene):
    channels = {row.name: (row.received, row.share) for row in overview(FEBRUARY).channels}
    assert channels == {
        "Платформа обратной связи": (5, pytest.approx(500 / 7)),
        "Социальные сети": (1, pytest.approx(100 / 7)),
        "Письмо": (1, pytest.approx(100 / 7)),
    }
    chart = overview(FEBRUARY).channel_chart
    assert chart.labels[0] == "Платформа обратной связи" and chart.datasets[0]["data"] == [5, 1, 1]


def test_it_ranks_agencies_by_overdue_now_with_their_open_count_and_period_on_time(scene):
    agencies = overview(FEBRUARY).agencies
    assert [(a.name, a.overdue, a.open) for a in agencies] == [
        ("Минздрав", 1, 2),
        ("Минтранс", 1, 2),
        ("Администрация города Твери", 1, 1),
    ]
    on_time = {a.name: a.on_time for a in agencies}
    # The city's February answers: 30 h of 240 on time, 300 h late.
    assert on_time["Администрация города Твери"] == pytest.approx(50.0)
    assert on_time["Минтранс"] == pytest.approx(100.0)


def test_it_keeps_the_top_ten_agencies(region, put):
    for n in range(TOP_AGENCIES + 2):
        agency = Agency.objects.create(name=f"Орган {n:02d}", kind=AgencyKind.EXECUTIVE)
        for _ in range(n + 1):
            put(date(2025, 2, 5), region.roads, "in_work", agency=agency, deadline_h=-1, overdue=True)
    agencies = overview(FEBRUARY).agencies
    assert len(agencies) == TOP_AGENCIES
    assert agencies[0].name == "Орган 11" and agencies[0].overdue == 12
    assert agencies[-1].name == "Орган 02"


def test_it_lists_an_empty_sector_and_leaves_out_the_staffing_when_not_asked(region):
    result = overview(FEBRUARY, with_workload=False)
    assert [(r.name, r.received, r.on_time) for r in result.sectors] == [("Дороги", 0, None), ("Здравоохранение", 0, None)]
    assert result.workload is None and result.agencies == []


# ---- workload ---------------------------------------------------------------------------


def test_it_counts_active_officials_of_sector_roles_once_per_sector(region, make_user):
    roads, health = region.roads, region.health
    make_user(RoleCode.SECTOR_LEAD, sectors=[roads, health])  # covers two: counts in both
    make_user(RoleCode.SECTOR_LEAD, RoleCode.SECTOR_RESPONSIBLE, sectors=[roads])  # two roles: one person
    make_user(RoleCode.SECTOR_RESPONSIBLE, sectors=[health])
    gone = make_user(RoleCode.SECTOR_LEAD, sectors=[health])
    Official.objects.filter(user=gone).update(is_active=False)
    make_user(RoleCode.OPERATOR)
    make_user(RoleCode.HEAD)
    make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    assert staff_by_sector() == {roads.id: 2, health.id: 2}


def test_it_suggests_staff_where_load_exceeds_one_and_a_half_median():
    sectors = [(1, "ЖКХ"), (2, "Дороги"), (3, "ТКО"), (4, "Энергетика"), (5, "Транспорт")]
    received = {1: 130, 2: 100, 3: 40, 4: 30, 5: 70}
    staff = {1: 1, 2: 2, 3: 1, 5: 1}
    result = workload(sectors, received, staff)
    # Loads 130, 50, 40, 70 per person: the median is 60, shortage above 90.
    assert result.median_load == 60 and result.threshold == 90
    rows = {row.name: row for row in result.rows}
    assert rows["ЖКХ"].per_person == 130 and rows["ЖКХ"].needed == 2  # ceil(130 / 60) − 1
    assert not rows["Транспорт"].short and rows["Дороги"].per_person == 50
    assert rows["Энергетика"].no_staff and rows["Энергетика"].per_person is None
    assert [row.name for row in result.warnings] == ["ЖКХ", "Энергетика"]


def test_it_counts_how_many_people_bring_the_load_to_the_median():
    result = workload([(1, "А"), (2, "Б"), (3, "В")], {1: 500, 2: 100, 3: 100}, {1: 2, 2: 1, 3: 1})
    # Loads 250, 100, 100: median 100; 500 messages need 5 people, 2 are there.
    assert result.rows[0].needed == 3


def test_it_suggests_nothing_without_any_staff_or_messages():
    none_staffed = workload([(1, "А")], {1: 10}, {})
    assert none_staffed.median_load is None and none_staffed.rows[0].no_staff and none_staffed.rows[0].needed == 0
    quiet = workload([(1, "А"), (2, "Б")], {}, {1: 1, 2: 3})
    assert quiet.median_load == 0 and quiet.warnings == []


def test_it_builds_the_workload_from_the_period_and_the_roles(scene, make_user):
    make_user(RoleCode.SECTOR_LEAD, sectors=[scene.roads])
    extra = Sector.objects.create(code="waste", name="ТКО", order=3)
    result = overview(FEBRUARY).workload
    rows = {row.name: row for row in result.rows}
    assert (rows["Дороги"].staff, rows["Дороги"].received, rows["Дороги"].per_person) == (1, 4, 4.0)
    assert rows["Здравоохранение"].no_staff and rows["ТКО"].no_staff
    assert "Не классифицировано" not in rows
    assert extra.id in {row.sector_id for row in result.warnings}
