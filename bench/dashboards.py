"""Benchmark: the dashboards and a two-dimensional statistical slice at the bench database's size.

Run after `bench/generator.py` has filled the database (1,000,000 messages; `make bench
ARGS=--10m` makes it ten million). In-process through Django's test client, with DEBUG off:

- the sector dashboard `/sectors/dashboard/` of the demo `sector` lead, for each of his sectors
  and three periods (current month, last 3 months, last 12 months);
- the head's overview `/overview/` of the demo `head` for the same periods;
- a two-dimensional slice (sector × month over 12 months, and category × municipality over the
  last 3 months) through `ratings.selectors.slices.run_slice`, and the slices page `/stats/`.

Each is then computed the slow way, every sum straight from the messages table (the same SQL
expressions the rollups are built from), and the ratio of the two p50s printed: what the rollups
save. Goal: p95 ≤ 200 ms at 10M messages for the dashboards and the slice.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager

from _common import figure, parse_args, percentile, say, setup_django

GOAL_MS = 200


@contextmanager
def straight_from_messages():
    """Every slice, whatever it asks, is summed from the messages table."""
    from ratings.selectors import slices

    original = slices.source_for
    slices.source_for = lambda query: slices.DIRECT
    try:
        yield
    finally:
        slices.source_for = original


def time_calls(call, items: list, repeat: int, warmup: int = 1) -> list[float]:
    for item in items[:warmup]:
        call(item)
    timings = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            call(item)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(name: str, fast: list[float], slow: list[float] | None) -> None:
    p50, p95 = statistics.median(fast), percentile(fast, 0.95)
    figure(f"{name}.requests", len(fast), "requests")
    figure(f"{name}.p50", p50, "ms")
    figure(f"{name}.p95", p95, "ms")
    if slow:
        figure(f"{name}.direct.p50", statistics.median(slow), "ms")
        figure(f"{name}.ratio_direct_to_rollup", statistics.median(slow) / p50, "x")
    if p95 > GOAL_MS:
        say(f"{name}: p95 {p95:.1f} мс выше цели {GOAL_MS} мс")


def page_getter(username: str):
    """GET a page in-process as a signed-in demo user; anything but 200 stops the benchmark."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=username))

    def get(url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url}: ответ {response.status_code}")

    return get


def run(name: str, what: str, call, items: list, args: argparse.Namespace, *, direct: bool = True) -> None:
    """Time `call` over `items`, then (when `direct`) the same with every sum read from the messages."""
    say(f"{what}: {len(items)} × {args.repeat}")
    fast = time_calls(call, items, args.repeat)
    slow = None
    if direct:
        with straight_from_messages():
            slow = time_calls(call, items, args.direct_repeat, warmup=0)
    report(name, fast, slow)


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк дашбордов и статистических срезов")
    parser.add_argument("--repeat", type=int, default=5, help="повторов каждого запроса (по умолчанию 5)")
    parser.add_argument("--direct-repeat", type=int, default=1, help="повторов расчёта по сообщениям (по умолчанию 1)")
    args = parse_args(parser)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    setup_django()

    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cur.access import access_for
    from feedback.models import Message
    from ratings.selectors.slices import SliceQuery, run_slice

    total = Message.objects.count()
    if not total:
        sys.exit("В базе нет сообщений: сначала bench/generator.py (или manage.py demo_data).")
    say(f"сообщений в базе: {total}")
    figure("dashboards.messages", total, "msg")
    periods = ["month", "3_months", "12_months"]

    lead_sectors = sorted(access_for(get_user_model().objects.get(username="sector")).sector_ids)
    urls = [f"/sectors/dashboard/?sector={pk}&period={p}" for pk in lead_sectors for p in periods]
    run("dashboards.sector", "дашборд блока", page_getter("sector"), urls, args)

    urls = [f"/overview/?period={p}" for p in periods]
    run("dashboards.head", "сводка руководителя", page_getter("head"), urls, args)

    today = timezone.localdate()
    year_ago = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    quarter_ago = (today.replace(day=1) - timedelta(days=62)).replace(day=1)
    queries = [
        SliceQuery(measure=m, rows="sector", cols="month", date_from=year_ago, date_to=today)
        for m in ("count", "on_time", "median_answer", "avg_rating", "reopened")
    ] + [
        SliceQuery(measure=m, rows="category", cols="municipality", date_from=quarter_ago, date_to=today)
        for m in ("count", "on_time", "median_answer")
    ]
    run("dashboards.slice_2d", "срез в двух измерениях", run_slice, queries, args)

    urls = [
        "/stats/?rows=sector&cols=month&measure=count",
        "/stats/?rows=category&cols=month&measure=median_answer",
        "/stats/?rows=municipality&cols=channel&measure=on_time",
    ]
    run("dashboards.slices_page", "страница статистики", page_getter("head"), urls, args, direct=False)


if __name__ == "__main__":
    main()
