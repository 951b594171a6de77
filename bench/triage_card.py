"""Benchmark: server time of the message card at the size of the bench database (1,000,000 messages).

Run after `bench/generator.py` has filled the database (as `make bench` does). Logged in as the demo
`operator`, the card `/messages/<id>/` of `--cards` different messages is requested in-process
through Django's test client (middleware, session, access check, history, answers, related
messages, the action forms, the template), after `--warmup` requests. The messages are drawn with a
fixed seed, half from the open ones (what operators open all day) and half from the whole table.
The demo agency executor `agency` opens messages of his agency the same way (his views of the
author's personal data are logged, as in production: that is one INSERT per card).

Printed: p50/p95 of the card, the number of queries one card makes, and the ratio of the card's
p50 to the p50 of a bare SQL query (psycopg2, no ORM) fetching the same message row by id: how much
everything the card shows costs on top of reading the message itself. Goal: card p95 ≤ 50 ms.

The page is rendered with DEBUG off (as in production) unless DJANGO_DEBUG says otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from _common import figure, parse_args, percentile, say, setup_django

GOAL_MS = 50


def sample_ids(qs, count: int, rng: random.Random) -> list[int]:
    """`count` ids spread over the queryset's id range, each a real row (the next id at or above a
    random point), without reading all the ids."""
    from django.db.models import Max, Min

    bounds = qs.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return []
    ids: list[int] = []
    for _ in range(count * 3):
        point = rng.randint(bounds["low"], bounds["high"])
        pk = qs.filter(id__gte=point).order_by("id").values_list("id", flat=True).first()
        if pk is not None and pk not in ids:
            ids.append(pk)
        if len(ids) == count:
            break
    return ids


def time_cards(client, ids: list[int], warmup: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for pk in ids[:warmup]:
        client.get(f"/messages/{pk}/")
    timings = []
    for pk in ids:
        started = time.perf_counter()
        response = client.get(f"/messages/{pk}/")
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"/messages/{pk}/: ответ {response.status_code}")
        timings.append(elapsed)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/messages/{ids[0]}/")
    return timings, len(captured.captured_queries)


def time_sql(ids: list[int], warmup: int) -> list[float]:
    """The floor: the message row by its primary key, straight through psycopg2."""
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
            for i, pk in enumerate(ids[:warmup] + ids):
                started = time.perf_counter()
                cursor.execute("SELECT * FROM feedback_message WHERE id = %s", [pk])
                cursor.fetchall()
                if i >= warmup:
                    timings.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return timings


def report(name: str, card_ms: list[float], sql_ms: list[float], queries: int) -> None:
    p50, p95 = statistics.median(card_ms), percentile(card_ms, 0.95)
    figure(f"{name}.cards", len(card_ms), "cards")
    figure(f"{name}.queries", queries, "queries")
    figure(f"{name}.p50", p50, "ms")
    figure(f"{name}.p95", p95, "ms")
    figure(f"{name}.max", max(card_ms), "ms")
    figure(f"{name}.sql.p50", statistics.median(sql_ms), "ms", 2)
    figure(f"{name}.sql.p95", percentile(sql_ms, 0.95), "ms", 2)
    figure(f"{name}.ratio_to_sql", p50 / statistics.median(sql_ms), "x")
    if p95 > GOAL_MS:
        say(f"{name}: p95 {p95:.1f} мс выше цели {GOAL_MS} мс")


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк карточки сообщения")
    parser.add_argument("--cards", type=int, default=200, help="сколько разных карточек открыть (по умолчанию 200)")
    parser.add_argument("--warmup", type=int, default=10, help="прогревочных запросов (по умолчанию 10)")
    parser.add_argument("--seed", type=int, default=1)
    args = parse_args(parser)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    setup_django()

    from django.contrib.auth import get_user_model
    from django.test import Client

    from feedback.models import OPEN_STATUSES, Message
    from sectors.models import Official

    total = Message.objects.count()
    if not total:
        sys.exit("В базе нет сообщений: сначала bench/generator.py (или manage.py demo_data).")
    say(f"сообщений в базе: {total}")
    figure("triage.card.messages", total, "msg")
    rng = random.Random(args.seed)
    users = get_user_model().objects

    half = args.cards // 2
    ids = sample_ids(Message.objects.filter(status__in=sorted(OPEN_STATUSES)), half, rng)
    ids += sample_ids(Message.objects.all(), args.cards - len(ids), rng)
    rng.shuffle(ids)
    client = Client(HTTP_HOST="localhost")
    client.force_login(users.get(username="operator"))
    say(f"оператор: {len(ids)} карточек")
    card_ms, queries = time_cards(client, ids, args.warmup)
    report("triage.card", card_ms, time_sql(ids, args.warmup), queries)

    agency_id = Official.objects.filter(user__username="agency").values_list("agency_id", flat=True).first()
    agency_ids = sample_ids(Message.objects.filter(agency_id=agency_id), min(args.cards, 100), rng) if agency_id else []
    if agency_ids:
        client = Client(HTTP_HOST="localhost")
        client.force_login(users.get(username="agency"))
        say(f"орган: {len(agency_ids)} карточек")
        card_ms, queries = time_cards(client, agency_ids, args.warmup)
        report("triage.card.agency", card_ms, time_sql(agency_ids, args.warmup), queries)


if __name__ == "__main__":
    main()
