"""Benchmark: suggested mass problems at the size of the bench database.

Run after `bench/generator.py` has filled the database (as `make bench` does; `--10m` for ten
million). Logged in as the demo `operator` (whole region) and the demo sector lead `sector`:

- the card's suggestion (`card_suggestion`: the message's house within ±7 days, words compared in
  Python), for `--cards` open messages at a known house, half of them in a suggested cluster;
- the card page `/messages/<id>/` of messages in a cluster (the block shown);
- the clusters of the last 7 days: the GROUP BY alone (`house_groups`), the whole selector
  (`suggested_clusters`, messages and words included) and the page `/mass-problems/`;
- the same list for the sector lead (his sectors only).

Before timing, the plans of the two queries are checked with EXPLAIN: each must read its partial
index (`message_mass_house`, `message_mass_recent`), never the table by date; a plan that does
not is reported on stderr and as `…uses_index: 0`.

Printed: p50/p95 of each, the number of suggested clusters and of candidate messages.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

from _common import figure, parse_args, percentile, say, setup_django

GOAL_CARD_MS = 50
GOAL_LIST_MS = 200


def timed_ms(call, repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def report(name: str, values: list[float], goal: float | None = None) -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    figure(f"{name}.p50", p50, "ms")
    figure(f"{name}.p95", p95, "ms")
    if goal and p95 > goal:
        say(f"{name}: p95 {p95:.1f} мс выше цели {goal} мс")


def explain_uses(queryset, index: str) -> bool:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    if index not in plan:
        say(f"план не читает {index}:\n{plan}")
    return index in plan


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк предложений массовых проблем")
    parser.add_argument("--cards", type=int, default=200, help="сколько сообщений проверить на карточке (по умолчанию 200)")
    parser.add_argument("--repeat", type=int, default=20, help="сколько раз построить список (по умолчанию 20)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parse_args(parser)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    setup_django()

    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.test import Client
    from django.utils import timezone

    from feedback.models import Message
    from feedback.models.messages import MASS_CANDIDATE
    from feedback.selectors.near_duplicates import (
        LIST_DAYS,
        _candidates,
        card_suggestion,
        house_groups,
        per_house_and_category,
        suggested_clusters,
    )

    total = Message.objects.count()
    if not total:
        sys.exit("В базе нет сообщений: сначала bench/generator.py (или manage.py demo_data).")
    figure("mass.messages", total, "msg")
    users = get_user_model().objects
    operator, lead = users.get(username="operator"), users.filter(username="sector").first()
    candidates = Message.objects.filter(MASS_CANDIDATE)
    figure("mass.candidates_7d", candidates.filter(registered_at__gte=timezone.now() - timedelta(days=LIST_DAYS)).count(), "msg")

    # The plans, as the selectors build them.
    sample = candidates.exclude(municipality_id=None).order_by("-registered_at").values("municipality_id", "place_key", "registered_at").first()
    if sample is None:
        sys.exit("Нет открытых сообщений с адресом дома.")
    card_qs = _candidates(operator, at_house=False).filter(
        municipality_id=sample["municipality_id"], place_key=sample["place_key"],
        registered_at__range=(sample["registered_at"] - timedelta(days=7), sample["registered_at"] + timedelta(days=7)),
    )
    since = timezone.now() - timedelta(days=LIST_DAYS)
    list_qs = per_house_and_category(operator, since)
    figure("mass.card.uses_index", int(explain_uses(card_qs, "message_mass_house")), "bool")
    figure("mass.list.uses_index", int(explain_uses(list_qs, "message_mass_recent")), "bool")

    clusters = suggested_clusters(operator)
    figure("mass.clusters_7d", len(clusters), "clusters")
    rng = random.Random(args.seed)
    in_clusters = [m.pk for c in clusters for m in c.messages]
    rng.shuffle(in_clusters)
    ids = in_clusters[: args.cards // 2]
    # The rest: open messages at a known house, drawn over the last 30 days by id.
    recent = candidates.filter(Q(registered_at__gte=timezone.now() - timedelta(days=30)))
    bounds = list(recent.order_by("id").values_list("id", flat=True)[:1]) + list(recent.order_by("-id").values_list("id", flat=True)[:1])
    while bounds and len(ids) < args.cards:
        pk = recent.filter(id__gte=rng.randint(bounds[0], bounds[1])).order_by("id").values_list("id", flat=True).first()
        if pk and pk not in ids:
            ids.append(pk)
    messages = {m.pk: m for m in Message.objects.filter(pk__in=ids).defer("search_vector")}
    say(f"карточки: {len(messages)} сообщений, из них в предложенных скоплениях {min(len(in_clusters), args.cards // 2)}")

    card_ms, shown = [], 0
    for i, pk in enumerate(ids[: args.warmup] + ids):
        message = messages[pk]
        started = time.perf_counter()
        suggestion = card_suggestion(operator, message)
        if i >= args.warmup:
            card_ms.append((time.perf_counter() - started) * 1000)
            shown += suggestion is not None
    figure("mass.card_suggestion.cards", len(card_ms), "cards")
    figure("mass.card_suggestion.shown", shown, "cards")
    report("mass.card_suggestion", card_ms, GOAL_CARD_MS)

    client = Client(HTTP_HOST="localhost")
    client.force_login(operator)
    page_ids = in_clusters[: min(50, len(in_clusters))]
    if page_ids:
        # The same cards with the block and without it (the suggestion switched off), alternating,
        # so that the machine's load weighs on both alike: the difference is what the block costs.
        import feedback.views.card as card_view

        with_block = card_view.card_mass_suggestion
        timings: dict[str, list[float]] = {"with": [], "without": []}
        for i, pk in enumerate(page_ids[: args.warmup] + page_ids):
            for label in ("with", "without"):
                card_view.card_mass_suggestion = with_block if label == "with" else (lambda *a, **k: None)
                started = time.perf_counter()
                response = client.get(f"/messages/{pk}/")
                if response.status_code != 200:
                    sys.exit(f"/messages/{pk}/: ответ {response.status_code}")
                if i >= args.warmup:
                    timings[label].append((time.perf_counter() - started) * 1000)
        card_view.card_mass_suggestion = with_block
        report("mass.card_page_with_block", timings["with"])
        report("mass.card_page_without_block", timings["without"])
        figure("mass.card_page.block_cost_p50", statistics.median(timings["with"]) - statistics.median(timings["without"]), "ms")

    report("mass.list.group_by", timed_ms(lambda: house_groups(operator), args.repeat, args.warmup), GOAL_LIST_MS)
    report("mass.list.selector", timed_ms(lambda: suggested_clusters(operator), args.repeat, args.warmup), GOAL_LIST_MS)

    def page():
        response = client.get("/mass-problems/")
        if response.status_code != 200:
            sys.exit(f"/mass-problems/: ответ {response.status_code}")

    report("mass.list.page", timed_ms(page, args.repeat, args.warmup), GOAL_LIST_MS)
    if lead is not None:
        lead_client = Client(HTTP_HOST="localhost")
        lead_client.force_login(lead)
        report("mass.list.page_sector_lead", timed_ms(lambda: lead_client.get("/mass-problems/"), args.repeat, args.warmup), GOAL_LIST_MS)


if __name__ == "__main__":
    main()
