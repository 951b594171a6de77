"""Benchmark: server time of the message queue at the size of the bench database (1,000,000 messages).

Run after `bench/generator.py` has filled the database (as `make bench` does). Logged in as the demo
`operator` (and the demo agency executor `agency`), the queue page is requested in-process through
Django's test client, middleware, sessions, template and all, `--repeat` times after `--warmup`
requests, for:

- the default page (open messages, soonest deadline first);
- a combined filter: the busiest sector + its busiest municipality + overdue;
- a Russian full-text search («мусор», which must also find «мусора», «мусорные»);
- the default page of an agency executor (his agency only).

Each is printed as p50/p95, with the number of queries the page made and the ratio of the page's
p50 to the p50 of a bare SQL query (psycopg2, no ORM) that returns the same 50 rows with the same
WHERE / ORDER BY / LIMIT: how much Django, the counts, the filter lists and the template add on
top of fetching the rows. Goals: queue pages p95 ≤ 50 ms, search p95 ≤ 150 ms.

The page is rendered with DEBUG off (as in production) unless DJANGO_DEBUG says otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field

from _common import figure, parse_args, percentile, require_bench_database, say, setup_django

PAGE = 50
GOAL_PAGE_MS = 50
GOAL_SEARCH_MS = 150


@dataclass
class Scenario:
    name: str
    username: str
    params: dict[str, str]
    # The bare query's WHERE beyond "open", and its parameters.
    where: list[str] = field(default_factory=list)
    args: list = field(default_factory=list)
    goal_ms: float = GOAL_PAGE_MS


def _open_statuses() -> list[str]:
    from feedback.selectors.queue import OPEN

    return list(OPEN)


def _busiest_place() -> tuple[int, int]:
    """The sector with the most open messages and, inside it, the municipality with the most."""
    from django.db.models import Count

    from feedback.models import Message

    open_messages = Message.objects.filter(status__in=_open_statuses())
    sector = (
        open_messages.exclude(sector_id=None).values("sector_id").annotate(n=Count("id")).order_by("-n").first()["sector_id"]
    )
    municipality = (
        open_messages.filter(sector_id=sector).exclude(municipality_id=None).values("municipality_id")
        .annotate(n=Count("id")).order_by("-n").first()["municipality_id"]
    )
    return sector, municipality


def _agency_of(username: str) -> int | None:
    from sectors.models import Official

    return Official.objects.filter(user__username=username).values_list("agency_id", flat=True).first()


def scenarios() -> list[Scenario]:
    sector, municipality = _busiest_place()
    items = [
        Scenario("default", "operator", {}),
        Scenario(
            "filter", "operator",
            {"sector": str(sector), "municipality": str(municipality), "due": "overdue"},
            ["m.sector_id = %s", "m.municipality_id = %s", "m.deadline_at < now()"], [sector, municipality],
        ),
        Scenario(
            "search", "operator", {"q": "мусор"},
            ["m.search_vector @@ to_tsquery('russian', %s)"], ["мусор:*"], goal_ms=GOAL_SEARCH_MS,
        ),
    ]
    agency = _agency_of("agency")
    if agency is not None:
        items.append(Scenario("agency", "agency", {}, ["m.agency_id = %s"], [agency]))
    return items


def bare_sql(scenario: Scenario) -> tuple[str, list]:
    """The rows of the page without Django: same columns shown, same joins, WHERE, ORDER, LIMIT."""
    where = ["m.status = ANY(%s)", "m.deadline_at IS NOT NULL", *scenario.where]
    sql = f"""
        SELECT m.id, m.number, m.received_at, m.status, m.deadline_at, m.is_overdue, m.deadline_extended,
               m.returned_count, substring(m.text, 1, 221), c.name, s.name, s.short_name, cat.name, mu.name,
               a.name, a.short_name
        FROM feedback_message m
        JOIN feedback_channel c ON c.id = m.channel_id
        LEFT JOIN sectors_sector s ON s.id = m.sector_id
        LEFT JOIN sectors_category cat ON cat.id = m.category_id
        LEFT JOIN sectors_municipality mu ON mu.id = m.municipality_id
        LEFT JOIN sectors_agency a ON a.id = m.agency_id
        WHERE {" AND ".join(where)}
        ORDER BY m.deadline_at, m.id
        LIMIT {PAGE}
    """
    return sql, [_open_statuses(), *scenario.args]


def time_sql(sql: str, args: list, warmup: int, repeat: int) -> tuple[list[float], list[int]]:
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or None, port=db["PORT"] or None,
    )
    connection.autocommit = True
    timings = []
    try:
        with connection.cursor() as cursor:
            for i in range(warmup + repeat):
                started = time.perf_counter()
                cursor.execute(sql, args)
                rows = cursor.fetchall()
                if i >= warmup:
                    timings.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return timings, [row[0] for row in rows]


def time_page(client, url: str, warmup: int, repeat: int) -> tuple[list[float], list[int], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for i in range(warmup + repeat):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{url}: ответ {response.status_code}")
        if i >= warmup:
            timings.append(elapsed)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    shown = [int(pk) for pk in re.findall(r'<tr class="cur-queue-row"[^>]*data-id="(\d+)"', response.content.decode())]
    return timings, shown, len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк очереди сообщений")
    parser.add_argument("--repeat", type=int, default=40, help="замеров на сценарий (по умолчанию 40)")
    parser.add_argument("--warmup", type=int, default=5, help="прогревочных запросов (по умолчанию 5)")
    parser.add_argument("--force", action="store_true", help="разрешить базу, имя которой не оканчивается на _bench")
    args = parse_args(parser)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    setup_django()
    require_bench_database(args.force)

    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.test import Client

    from feedback.models import Message

    total = Message.objects.count()
    if not total:
        sys.exit("В базе нет сообщений: сначала bench/generator.py (или manage.py demo_data).")
    say(f"сообщений в базе: {total}")
    figure("triage.messages", total, "msg")

    users = get_user_model().objects
    clients: dict[str, Client] = {}
    for scenario in scenarios():
        client = clients.get(scenario.username)
        if client is None:
            client = Client(HTTP_HOST="localhost")
            client.force_login(users.get(username=scenario.username))
            clients[scenario.username] = client
        url = "/messages/" + (f"?{urlencode(scenario.params)}" if scenario.params else "")
        say(f"{scenario.name}: {url}")
        page_ms, shown, queries = time_page(client, url, args.warmup, args.repeat)
        sql, sql_args = bare_sql(scenario)
        sql_ms, expected = time_sql(sql, sql_args, args.warmup, args.repeat)
        if shown != expected:
            say(f"{scenario.name}: страница показала не те строки, что голый SQL ({len(shown)} и {len(expected)})")
        name = f"triage.queue.{scenario.name}"
        p50, p95 = statistics.median(page_ms), percentile(page_ms, 0.95)
        figure(f"{name}.rows", len(shown), "rows")
        figure(f"{name}.queries", queries, "queries")
        figure(f"{name}.p50", p50, "ms")
        figure(f"{name}.p95", p95, "ms")
        figure(f"{name}.sql.p50", statistics.median(sql_ms), "ms", 2)
        figure(f"{name}.sql.p95", percentile(sql_ms, 0.95), "ms", 2)
        figure(f"{name}.ratio_to_sql", p50 / statistics.median(sql_ms), "x")
        figure(f"{name}.same_rows_as_sql", int(shown == expected), "bool")
        if p95 > scenario.goal_ms:
            say(f"{scenario.name}: p95 {p95:.1f} мс выше цели {scenario.goal_ms} мс")


if __name__ == "__main__":
    main()
