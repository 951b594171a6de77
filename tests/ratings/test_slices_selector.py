"""Slices give the numbers a person would count by hand from the messages, from whichever source."""

import statistics
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from feedback.models import Message
from ratings.selectors.slices import (
    DAILY,
    DIRECT,
    MONTHLY,
    SECTOR_DAY,
    SECTOR_DAY_DIM,
    SECTOR_MONTH,
    SliceQuery,
    run_slice,
    source_for,
)
from ratings.stats.definitions import HOUR_EDGES
from ratings.stats.histogram import bucket_of, median_hours

MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def crafted(region, make_message):
    """Messages over three months, two sectors, two municipalities, answered after known hours."""
    plan = [
        # (registered, sector, category, municipality, agency, channel, status, answer hours, deadline hours, rating, reopened)
        (datetime(2025, 1, 10, 9, 0, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.city, region.pos, "closed", 30, 48, 5, 0),
        (datetime(2025, 1, 10, 23, 30, tzinfo=MSK), region.roads, "Ямы и выбоины", region.rzhev, region.transport, region.social, "closed", 100, 48, 2, 1),
        (datetime(2025, 1, 31, 23, 59, tzinfo=MSK), region.roads, "Тротуары", region.tver, region.city, region.pos, "answered", 5, 48, None, 0),
        (datetime(2025, 2, 1, 0, 1, tzinfo=MSK), region.roads, "Тротуары", region.tver, region.city, region.letter, "in_work", None, 48, None, 0),
        (datetime(2025, 2, 14, 12, 0, tzinfo=MSK), region.health, "Запись к врачу", region.tver, region.minzdrav, region.pos, "closed", 200, 240, 4, 0),
        (datetime(2025, 2, 15, 12, 0, tzinfo=MSK), region.health, "Запись к врачу", region.rzhev, region.minzdrav, region.social, "closed", 700, 240, 3, 1),
        (datetime(2025, 3, 3, 8, 0, tzinfo=MSK), region.health, "Нехватка врачей", region.rzhev, region.minzdrav, region.pos, "routed", None, -5, None, 0),
        (datetime(2025, 3, 3, 9, 0, tzinfo=MSK), None, None, region.tver, None, region.pos, "new", None, None, None, 0),
    ]
    for registered, sector, category, municipality, agency, channel, status, answer_h, deadline_h, rating, reopened in plan:
        fields = {
            "received_at": registered, "registered_at": registered, "sector": sector, "municipality": municipality,
            "agency": agency, "channel": channel, "status": status, "rating": rating, "reopened_count": reopened,
            "category": region.categories[category] if category else None,
            "deadline_at": registered + timedelta(hours=deadline_h) if deadline_h is not None else None,
            "answered_at": registered + timedelta(hours=answer_h) if answer_h is not None else None,
            "is_overdue": deadline_h is not None and deadline_h < 0,
        }
        make_message(region, **fields)
    return region


def _by_hand(messages, key) -> dict:
    """What a person would compute: per key, count, answers on time, median hours, mean rating."""
    groups: dict = {}
    for m in messages:
        groups.setdefault(key(m), []).append(m)
    result = {}
    for k, group in groups.items():
        answered = [m for m in group if m.answered_at]
        hours = [(m.answered_at - m.registered_at).total_seconds() / 3600 for m in answered]
        counts = [0] * (len(HOUR_EDGES) + 1)
        for h in hours:
            counts[bucket_of(h)] += 1
        ratings = [m.rating for m in group if m.rating]
        result[k] = {
            "count": len(group),
            "on_time": 100.0 * sum(m.answered_at <= m.deadline_at for m in answered) / len(answered) if answered else None,
            "median_answer": median_hours(counts),
            "true_median": statistics.median(hours) if hours else None,
            "avg_rating": sum(ratings) / len(ratings) if ratings else None,
            "reopened": 100.0 * sum(m.reopened_count > 0 for m in group) / len(group),
        }
    return result


def _month(m):
    local = m.registered_at.astimezone(MSK)
    return date(local.year, local.month, 1)


@pytest.mark.parametrize("measure", ["count", "on_time", "median_answer", "avg_rating", "reopened"])
def test_it_equals_counting_by_hand_by_sector_and_month(crafted, measure):
    expected = _by_hand(Message.objects.all(), lambda m: (m.sector_id, _month(m)))
    for source in (SECTOR_MONTH, MONTHLY, DIRECT):
        result = run_slice(SliceQuery(measure=measure, rows="sector", cols="month"), source=source)
        got = {key: result.value(*key) for key in result.cells}
        assert got == {key: figures[measure] for key, figures in expected.items()}, source


def test_it_counts_days_in_the_regions_time_zone_from_both_daily_sources(crafted):
    query = SliceQuery(measure="count", rows="day", filters={"sector": (crafted.roads.id,)})
    assert source_for(query) == SECTOR_DAY
    daily = run_slice(query)
    assert daily.cells == run_slice(query, source=DAILY).cells == run_slice(query, source=DIRECT).cells
    # 23:30 and 23:59 Moscow time stay on their own day, 00:01 on 1 February starts the next.
    assert {k[0]: v["received"] for k, v in daily.cells.items()} == {date(2025, 1, 10): 2, date(2025, 1, 31): 1, date(2025, 2, 1): 1}
    # The axis shows every day between the first and the last, empty ones as zero.
    assert daily.row_keys[0] == date(2025, 1, 10) and daily.row_keys[-1] == date(2025, 2, 1) and len(daily.row_keys) == 23
    assert daily.value(date(2025, 1, 20)) == 0


def test_it_takes_the_direct_path_for_dates_inside_a_month_and_keeps_the_bounds(crafted):
    query = SliceQuery(measure="count", rows="channel", date_from=date(2025, 1, 11), date_to=date(2025, 2, 1))
    assert source_for(query) == DIRECT
    result = run_slice(query)
    assert {result.label("rows", k): result.value(k) for k in result.row_keys} == {"Платформа обратной связи": 1, "Письмо": 1}


def test_it_filters_and_limits_to_the_readers_sectors(crafted):
    query = SliceQuery(measure="count", rows="municipality", filters={"channel": (crafted.pos.id, crafted.social.id)})
    everyone = run_slice(query)
    assert everyone.figure(everyone.total) == 7
    sector_lead = run_slice(query, sector_scope=frozenset({crafted.health.id}))
    assert {sector_lead.label("rows", k): sector_lead.value(k) for k in sector_lead.row_keys} == {"Ржев": 2, "Тверь": 1}


def test_it_reads_medians_off_intervals_within_the_interval_of_the_true_median(crafted):
    result = run_slice(SliceQuery(measure="median_answer"))
    hours = [(m.answered_at - m.registered_at).total_seconds() / 3600 for m in Message.objects.exclude(answered_at=None)]
    true_median = statistics.median(hours)
    k = bucket_of(true_median)
    assert (HOUR_EDGES[k - 1] if k else 0) <= result.figure(result.total) <= HOUR_EDGES[k]


def test_it_labels_missing_values_and_months_in_russian(crafted):
    result = run_slice(SliceQuery(measure="count", rows="sector", cols="month"))
    assert result.label("rows", None) == "не указано"
    assert [result.label("cols", k) for k in result.col_keys] == ["январь 2025", "февраль 2025", "март 2025"]
    # Largest sector first, then the smaller, the unclassified last.
    assert [result.label("rows", k) for k in result.row_keys] == ["Дороги", "Здравоохранение", "не указано"]


def test_it_follows_changes_of_messages_without_a_rebuild(crafted):
    query = SliceQuery(measure="count", rows="sector")
    message = Message.objects.get(sector=None)
    Message.objects.filter(pk=message.pk).update(sector=crafted.roads, category=crafted.categories["Тротуары"])
    result = run_slice(query)
    assert result.value(crafted.roads.id) == 5 and result.value(None) == 0


@pytest.mark.parametrize(
    ("query", "smallest"),
    [
        (SliceQuery(measure="on_time", rows="category"), SECTOR_MONTH),
        (SliceQuery(measure="median_answer", rows="agency", filters={"sector": (1,)}), SECTOR_MONTH),
        (SliceQuery(measure="count", filters={"status": ("closed", "answered")}), SECTOR_MONTH),
        (SliceQuery(measure="avg_rating", rows="channel", filters={"status": ("closed",)}), MONTHLY),
        (SliceQuery(measure="count", rows="category", cols="municipality"), MONTHLY),
        (SliceQuery(measure="on_time", rows="week", filters={"municipality": (1,)}), SECTOR_DAY_DIM),
        (SliceQuery(measure="count", rows="category", cols="day", filters={"sector": (1,)}), SECTOR_DAY_DIM),
        (SliceQuery(measure="count", rows="category", cols="week", filters={"municipality": (1,)}), DAILY),
        (SliceQuery(measure="count", rows="month"), SECTOR_DAY),
        (SliceQuery(measure="reopened", rows="week"), DIRECT),
    ],
)
def test_it_answers_from_the_smallest_source_and_every_source_agrees(crafted, query, smallest):
    filters = dict(query.filters)
    if "sector" in filters:
        filters["sector"] = (crafted.roads.id,)
    if "municipality" in filters:
        filters["municipality"] = (crafted.rzhev.id,)
    query = SliceQuery(measure=query.measure, rows=query.rows, cols=query.cols, filters=filters)
    assert source_for(query) == smallest
    expected = run_slice(query, source=DIRECT)
    assert expected.cells
    for source in SOURCES_AFTER[smallest]:
        assert run_slice(query, source=source).cells == expected.cells, source


SOURCES_AFTER = {
    SECTOR_DAY: (SECTOR_DAY, DAILY),
    SECTOR_MONTH: (SECTOR_MONTH, MONTHLY),
    SECTOR_DAY_DIM: (SECTOR_DAY_DIM, DAILY),
    MONTHLY: (MONTHLY,),
    DAILY: (DAILY,),
    DIRECT: (DIRECT,),
}
