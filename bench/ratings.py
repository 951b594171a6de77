"""Benchmark: the monthly rating of a month of 1,000,000 messages, against one SQL GROUP BY.

Adds a month of `--rating-messages` messages (one million by default) far before the generator's
period (36 months back), so the month holds only them; the rating of that month is computed the
way the scheduled job does (`rating_compute(run_now=True)`: aggregate SQL per agency and per
municipality, pandas scoring, results written in one transaction), then the simplest query that
yields the same per-agency counts — one `GROUP BY agency_id` over the month — is timed, and the
ratio of the two printed. The governor's PDF of the same month is timed by `bench/report_pdf.py`
(`time_pdf(month) -> seconds`) when it exists.

All of it runs in one transaction that is rolled back at the end (`--keep` commits instead), so
the benchmarks after this one see the database the generator left. The secondary indexes of the
message tables, except the ones on the registration time the rating reads by, are dropped inside
that transaction during the load, as the generator does for large loads; the rollback restores them.

Goal: the rating ≤ 30 s, the PDF ≤ 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import datetime, timedelta

from _common import figure, parse_args, require_bench_database, say, setup_django, size_label, timed

GOAL_COMPUTE_S = 30
GOAL_PDF_S = 10
MONTHS_BACK = 36
# Indexes the rating's month filter uses; kept during the load so the measurement is honest.
KEEP_INDEXES = {"message_registered", "message_agency_time", "message_municipality_time", "feedback_answer_message_id_b55381f8"}


class Rollback(Exception):
    pass


def _month_and_now():
    from django.utils import timezone

    from ratings.periods import add_months

    month = add_months(timezone.localdate().replace(day=1), -MONTHS_BACK)
    after = add_months(month, 1)
    # One second into the next month: "the last month" of the generator is then exactly this month.
    now = datetime(after.year, after.month, 1, tzinfo=timezone.get_current_timezone()) + timedelta(seconds=1)
    return month, now


def _drop_indexes() -> int:
    from django.db import connection
    from psycopg2 import sql

    from feedback.demo.generator import secondary_indexes

    with connection.cursor() as cursor:
        dropped = 0
        for name, _definition in secondary_indexes(cursor.cursor):
            if name in KEEP_INDEXES:
                continue
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)).as_string(cursor.cursor))
            dropped += 1
    return dropped


def _load(count: int, seed: int, now) -> None:
    from tqdm import tqdm

    from feedback.demo.generator import generate_demo_data

    with tqdm(total=count, unit="сообщ", desc="Месяц для рейтинга", dynamic_ncols=True, file=sys.stderr) as bar:
        generate_demo_data(messages=count, months=1, seed=seed, now=now, progress=bar.update,
                           phase=bar.set_description, rebuild_indexes=False)


def _group_by(month) -> tuple[float, dict[int, int]]:
    """Seconds and per-agency counts of one GROUP BY over the month's counted messages."""
    from django.db import connection

    from ratings.rating.month_set import COUNTED_STATUSES, month_bounds

    start, end = month_bounds(month)
    query = (
        "SELECT agency_id, count(*) FROM feedback_message WHERE registered_at >= %s AND registered_at < %s "
        "AND status = ANY(%s) AND agency_id IS NOT NULL GROUP BY agency_id"
    )
    with connection.cursor() as cursor, timed() as watch:
        cursor.execute(query, [start, end, COUNTED_STATUSES])
        rows = dict(cursor.fetchall())
    return watch.seconds, rows


def _time_pdf(month) -> float | None:
    # ---- the governor's PDF: provided by bench/report_pdf.py (the report's engineer) ----
    try:
        from report_pdf import time_pdf
    except ImportError:
        say("bench/report_pdf.py ещё нет: время PDF не измерено")
        return None
    return time_pdf(month)


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк ежемесячного рейтинга")
    parser.add_argument("--rating-messages", type=int, default=1_000_000, help="сообщений в месяце рейтинга (по умолчанию 1000000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2, help="сколько раз считать рейтинг")
    parser.add_argument("--keep", action="store_true", help="оставить месяц и расчёты в базе (COMMIT вместо отката)")
    parser.add_argument("--force", action="store_true", help="разрешить базу, имя которой не оканчивается на _bench")
    args = parse_args(parser)
    setup_django()
    require_bench_database(args.force)

    from django.db import connection, transaction

    from ratings.models import RatingResult
    from ratings.services.ratings import rating_compute

    month, now = _month_and_now()
    size = size_label(args.rating_messages)
    try:
        with transaction.atomic():
            say(f"месяц {month:%m.%Y}: убираю на время загрузки {_drop_indexes()} вспомогательных индексов")
            # A few messages registered after midnight of the month's last day fall out of it: 1 % more covers them.
            with timed() as load:
                _load(int(args.rating_messages * 1.01), args.seed + 1000, now)
            with connection.cursor() as cursor:
                for table in ("feedback_message", "feedback_answer"):
                    cursor.execute(f"ANALYZE {table}")
            say(f"загружено за {load.seconds:.0f} с")

            computes = []
            run = None
            for _ in range(max(1, args.repeat)):
                with timed() as watch:
                    run = rating_compute(month=month, run_now=True)
                computes.append(watch.seconds)
            group_by_times, counts = [], {}
            for _ in range(3):
                seconds, counts = _group_by(month)
                group_by_times.append(seconds)
            rated = dict(RatingResult.objects.filter(run=run, kind="agency").values_list("agency_id", "messages"))
            if rated != counts:
                sys.exit("Число сообщений органов в рейтинге не совпало с GROUP BY.")
            from feedback.models import Message
            from ratings.rating.month_set import month_bounds

            start, end = month_bounds(month)
            figure("ratings.month_registered", Message.objects.filter(registered_at__gte=start, registered_at__lt=end).count(), "msg")
            # Without the rejected, duplicates, forwarded and not yet routed ones: what agencies are rated on.
            figure("ratings.month_counted_for_agencies", sum(counts.values()), "msg")
            figure(f"ratings_compute.{size}.first", computes[0], "s", 2)
            compute = statistics.median(computes)
            group_by = min(group_by_times)
            figure("ratings_compute", compute, "s", 2)
            figure("ratings_groupby", group_by, "s", 3)
            figure("ratings_ratio", compute / group_by, "x")
            if compute > GOAL_COMPUTE_S:
                say(f"рейтинг {compute:.1f} с выше цели {GOAL_COMPUTE_S} с")

            pdf = _time_pdf(month)
            if pdf is not None:
                figure("ratings_pdf", pdf, "s", 2)
                if pdf > GOAL_PDF_S:
                    say(f"PDF {pdf:.1f} с выше цели {GOAL_PDF_S} с")
            if not args.keep:
                raise Rollback
    except Rollback:
        say("месяц бенчмарка откачен: база осталась такой, какой её оставил генератор")


if __name__ == "__main__":
    main()
