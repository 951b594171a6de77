"""The rollups behind dashboards and slices always equal a direct count over the messages.

Writers only append to the delta log; a fold (what every reader of the rollups does first) brings
the rollups up to date, so each check here folds before reading them.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import AnswerKind, Message
from feedback.services import answers, triage
from feedback.services.deadline_flags import refresh_overdue_flags
from ratings.models import DailyStat, MonthlyStat, SectorDayStat, SectorMonthStat, StatDelta
from ratings.services.stats import (
    bulk_load_without_trigger,
    stats_add_messages,
    stats_fold,
    stats_mismatches,
    stats_rebuild,
)

MSK = ZoneInfo("Europe/Moscow")


def _month_total(**filters) -> dict:
    stats_fold()
    rows = MonthlyStat.objects.filter(**filters)
    return {f: sum(getattr(r, f) for r in rows) for f in ("received", "answered", "answered_on_time", "rated", "rating_sum", "rated_high", "reopened", "returned")}


def test_it_follows_a_message_through_its_life(region, make_message, make_user):
    operator = make_user(RoleCode.OPERATOR)
    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    message = make_message(region)
    assert _month_total(sector__isnull=True)["received"] == 1
    triage.message_classify(message=message, category=region.categories["Ямы и выбоины"], by=operator)
    assert _month_total(sector__isnull=True)["received"] == 0
    assert _month_total(sector=region.roads)["received"] == 1
    triage.message_route(message=message, agency=region.city, by=operator)
    answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Сделано", by=clerk)
    answers.answer_return(message=message, reason="formal", new_deadline=timezone.now() + timedelta(days=3), by=operator)
    answers.answer_submit(message=message, kind=AnswerKind.FINAL, text="Сделано, фото", by=clerk)
    answers.answer_accept(message=message, by=operator)
    answers.message_rate(message=message, rating=2, solved=False, by=operator)
    totals = _month_total(sector=region.roads)
    assert totals == {"received": 1, "answered": 0, "answered_on_time": 0, "rated": 1, "rating_sum": 2, "rated_high": 0, "reopened": 1, "returned": 1}
    assert MonthlyStat.objects.get(sector=region.roads, received=1).status == "reopened"
    assert not StatDelta.objects.exists()
    assert stats_mismatches() == []


def test_it_counts_answers_on_time_and_ratings(region, make_message):
    now = timezone.now()
    base = {"sector": region.roads, "category": region.categories["Тротуары"], "agency": region.city}
    make_message(region, answered_at=now, deadline_at=now + timedelta(days=1), status="closed", rating=5, **base)
    make_message(region, answered_at=now, deadline_at=now - timedelta(days=1), status="closed", rating=4, **base)
    make_message(region, status="in_work", is_overdue=True, **base)
    totals = _month_total(sector=region.roads)
    assert (totals["received"], totals["answered"], totals["answered_on_time"]) == (3, 2, 1)
    assert (totals["rated"], totals["rating_sum"], totals["rated_high"]) == (2, 9, 2)
    assert sum(r.overdue for r in MonthlyStat.objects.all()) == 1
    assert sum(r.received for r in DailyStat.objects.filter(sector=region.roads)) == 3
    assert stats_mismatches() == []


def test_it_counts_months_and_days_in_the_regions_time_zone(region, make_message):
    # 01:30 on 1 March in Moscow is still 28 February in UTC.
    moment = datetime(2025, 3, 1, 1, 30, tzinfo=MSK)
    make_message(region, received_at=moment, registered_at=moment)
    stats_fold()
    assert MonthlyStat.objects.get(received=1).month == date(2025, 3, 1)
    assert DailyStat.objects.get(received=1).day == date(2025, 3, 1)


def test_it_ignores_changes_that_touch_no_statistics(region, make_message):
    message = make_message(region)
    stats_fold()
    Message.objects.filter(pk=message.pk).update(address="ул. Новая, 3", text="Исправленный текст")
    assert not StatDelta.objects.exists()
    assert stats_mismatches() == []


def test_it_forgets_a_purged_message(region, make_message):
    message = make_message(region)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cur.purge = 'on'")
        Message.objects.filter(pk=message.pk).delete()
    stats_fold()
    assert sum(r.received for r in MonthlyStat.objects.all()) == 0
    assert stats_mismatches() == []


def test_it_rebuilds_to_the_same_numbers(region, make_message):
    for _ in range(3):
        make_message(region, sector=region.health, category=region.categories["Запись к врачу"])
    stats_fold()
    before = sorted(MonthlyStat.objects.filter(received__gt=0).values_list("sector", "status", "received"))
    MonthlyStat.objects.all().delete()
    assert stats_mismatches() != []
    stats_rebuild()
    assert sorted(MonthlyStat.objects.filter(received__gt=0).values_list("sector", "status", "received")) == before
    assert stats_mismatches() == []


@pytest.mark.django_db
def test_it_stays_consistent_after_a_demo_load(db):
    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)
    call_command("demo_data", messages=500, months=3, seed=3, verbosity=0, no_progress=True)
    stats_fold()
    assert sum(r.received for r in MonthlyStat.objects.all()) == 500
    assert stats_mismatches() == []


def test_it_reports_through_the_command(region, make_message, capsys):
    make_message(region)
    call_command("rebuild_stats", check=True)
    assert "совпадают" in capsys.readouterr().out


def test_it_fills_the_rollups_of_an_upgraded_installation(region, make_message):
    make_message(region)
    MonthlyStat.objects.all().delete()
    DailyStat.objects.all().delete()
    from portal.management.commands.setup_portal import Command

    Command()._fill_stats_once()
    assert stats_mismatches() == []


def test_it_counts_a_statement_changing_many_messages_once_per_rollup_row(region, make_message):
    for _ in range(30):
        make_message(region, sector=region.roads, status="routed", deadline_at=timezone.now() - timedelta(hours=1))
    # The overdue refresh flips every row in one UPDATE: the totals move by 30, not by 30 × 30.
    assert refresh_overdue_flags()["flagged"] == 30
    stats_fold()
    lattice = SectorMonthStat.objects.get(sector=region.roads, dim="")
    assert (lattice.received, lattice.overdue) == (30, 30)
    assert SectorDayStat.objects.get(sector=region.roads).overdue == 30
    assert stats_mismatches() == []


def test_it_adds_a_bulk_load_to_every_rollup_as_the_trigger_would(region, make_message):
    first = make_message(region, sector=region.roads, status="routed")
    with transaction.atomic(), connection.cursor() as cursor:
        bulk_load_without_trigger(cursor)
        last = make_message(region, sector=region.health, status="new")
        assert SectorMonthStat.objects.filter(sector=region.health).count() == 0
        stats_add_messages(cursor, last.id, last.id)
    assert stats_mismatches() == []
    assert SectorMonthStat.objects.get(sector=region.health, dim="status", value="new").received == 1
    assert first.id < last.id


def test_a_write_only_logs_its_change_until_a_fold_adds_it(region, make_message):
    make_message(region, sector=region.roads)
    stats_fold()
    message = make_message(region, sector=region.roads)
    Message.objects.filter(pk=message.pk).update(status="routed")
    # Rollups untouched by the writes; the log nets them: one more «routed» message, as many «new».
    assert MonthlyStat.objects.get(sector=region.roads, status="new").received == 1
    net = {}
    for sign, status in StatDelta.objects.values_list("sign", "status"):
        net[status] = net.get(status, 0) + sign
    assert net == {"new": 0, "routed": 1}
    logged = StatDelta.objects.count()
    assert stats_fold() == logged
    assert not StatDelta.objects.exists()
    assert MonthlyStat.objects.get(sector=region.roads, status="new").received == 1
    assert MonthlyStat.objects.get(sector=region.roads, status="routed").received == 1
    assert stats_mismatches() == []


def test_a_reader_of_the_rollups_sees_the_change_just_made(region, make_message):
    from ratings.selectors.slices import MONTHLY, SliceQuery, run_slice

    today = timezone.localdate()
    query = SliceQuery(measure="count", rows="sector", date_from=today.replace(day=1), date_to=today)
    make_message(region, sector=region.roads)
    result = run_slice(query, source=MONTHLY)
    assert result.value(region.roads.pk) == 1
    assert not StatDelta.objects.exists()


def test_a_reader_does_not_wait_for_a_fold_running_elsewhere(region, make_message):
    import psycopg2

    from ratings.services.stats import FOLD_LOCK

    make_message(region, sector=region.roads)
    logged = StatDelta.objects.count()
    settings = connection.settings_dict
    other = psycopg2.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432, password=settings["PASSWORD"])
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [FOLD_LOCK])
        assert stats_fold(wait=False) == 0
        assert StatDelta.objects.count() == logged
    finally:
        other.close()
    assert stats_fold(wait=False) == logged


def test_a_rebuild_counts_a_change_still_in_the_log_once(region, make_message):
    make_message(region, sector=region.roads)
    assert StatDelta.objects.exists()
    stats_rebuild()
    assert not StatDelta.objects.exists()
    assert stats_mismatches() == []
    assert _month_total(sector=region.roads)["received"] == 1


def test_the_beat_folds_the_log(region, make_message, settings):
    from ratings.tasks import fold_stats

    assert settings.CELERY_BEAT_SCHEDULE["fold-stats"]["task"] == fold_stats.name
    make_message(region, sector=region.roads)
    logged = StatDelta.objects.count()
    assert fold_stats.delay().get() == logged
    assert SectorMonthStat.objects.get(sector=region.roads, dim="").received == 1


def test_it_keeps_the_frozen_trigger_of_the_latest_migration_in_step_with_the_definitions():
    from importlib import import_module

    from ratings.stats.definitions import trigger_sql

    assert trigger_sql() == import_module("ratings.migrations.0012_stats_delta_log").TRIGGER
