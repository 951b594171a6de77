"""Benchmark: messages pushed through the REST API, served by gunicorn on loopback.

A token is issued to a benchmark system of the first channel that has a default kind; gunicorn
(gthread workers, keep-alive) serves the portal with DEBUG off; then

- `--single` single-message POSTs from `--clients` threads, each on its own keep-alive connection:
  `intake.single` in requests/s;
- `--batches` batch POSTs of `--batch-size` messages from `--batch-clients` threads (several
  systems deliver at once): `intake.batch` in messages/s;

both `--rounds` times, printing the median (`intake.single`, `intake.batch`) and the best round
(`…_best`): on a shared virtual machine the same work runs a third faster or slower from one
minute to the next, and the rounds show how much;

each request doing what any delivery does: authentication, rate limit, the intake form's
validation, deduplication on (channel, external_id), deadlines, the messages and their first
history events; every item names a category (`category`), so it is also classified and routed at
intake by the demo region's routing rules (events «классифицировано», «направлено», the agency's
notification queued). Then the same rows (messages and events) are copied with a bare `COPY … FROM STDIN`
into temporary tables without indexes: `intake.copy` in messages/s, the floor no path can beat,
and `intake.ratio_single_to_copy`, `intake.ratio_batch_to_copy`; `intake.host_loop` is a fixed pure-Python
loop timed before the rounds, the speed of the machine at the time. Goals: ≥ 300 single requests/s,
≥ 5,000 messages/s in batches.
The tables it writes are vacuumed first (a run does not pay for the previous one's dead rows) and
the messages it made are deleted at the end.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

from _common import (
    ROOT,
    delete_bench_messages,
    figure,
    parse_args,
    require_bench_database,
    say,
    settle_database,
    setup_django,
    timed,
)

PREFIX = "bench-intake-"
SYSTEM = "Бенчмарк API (bench/intake.py)"
GOAL_SINGLE = 300
GOAL_BATCH = 5000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "cur.settings.local"))
    env.setdefault("DJANGO_DEBUG", "false")
    command = [
        sys.executable, "-m", "gunicorn", "cur.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
        "--keep-alive", "30", "--log-level", "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            # Any answer will do; /healthz may say 503 when no Celery worker runs, which is not ours.
            connection.request("GET", "/open311/v2/discovery.json")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn не запустился за минуту.")


def _item(n: int, received_at: str, municipality: str, category: str) -> dict:
    return {
        "category": category,
        "external_id": f"{PREFIX}{n}",
        "text": f"Не вывозят мусор во дворе дома {n % 200 + 1}, контейнеры переполнены уже неделю.",
        "received_at": received_at,
        "municipality": municipality,
        "address": f"ул. Советская, д. {n % 200 + 1}",
        "author_name": "Иванов Иван Иванович",
        "author_phone": "8 (912) 345-67-89",
        "author_email": "ivanov@example.ru",
    }


def _post_all(port: int, key: str, path: str, bodies: list[bytes], clients: int) -> tuple[float, list[int]]:
    """POST every body from `clients` threads on keep-alive connections; (seconds, statuses)."""
    statuses: list[int] = []
    lock = threading.Lock()
    position = iter(range(len(bodies)))
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json", "Connection": "keep-alive"}

    def work():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            connection.request("POST", path, body=bodies[index], headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(response.status)
        connection.close()
        with lock:
            statuses.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    with timed() as watch:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return watch.seconds, statuses


def _copy_floor(channel_id: int) -> float:
    """Seconds of a bare COPY of the benchmark's messages and their events into index-free tables."""
    from django.db import connection

    from feedback.demo.generator import EVENT_COLUMNS, MESSAGE_COLUMNS

    seconds = 0.0
    where = {
        "feedback_message": "channel_id = %s AND external_id LIKE %s",
        "feedback_messageevent": "message_id IN (SELECT id FROM feedback_message WHERE channel_id = %s AND external_id LIKE %s)",
    }
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table, columns in (("feedback_message", MESSAGE_COLUMNS), ("feedback_messageevent", EVENT_COLUMNS)):
            listed = ", ".join(columns)
            buffer = io.BytesIO()
            query = cursor.mogrify(f"SELECT {listed} FROM {table} WHERE {where[table]}", [channel_id, PREFIX + "%"]).decode()
            raw.copy_expert(f"COPY ({query}) TO STDOUT", buffer)
            cursor.execute(f"CREATE TEMP TABLE floor_{table} AS SELECT {listed} FROM {table} WITH NO DATA")
            buffer.seek(0)
            with timed() as watch:
                raw.copy_expert(f"COPY floor_{table} ({listed}) FROM STDIN", buffer)
            seconds += watch.seconds
            cursor.execute(f"DROP TABLE floor_{table}")
    return seconds


def _host_loop_seconds() -> float:
    """A fixed pure-Python loop, best of three: the machine's speed at the time of the run (on a
    shared virtual machine it drifts by half from one minute to the next, and the figures with it)."""
    best = float("inf")
    for _ in range(3):
        with timed() as watch:
            total = 0
            for n in range(5_000_000):
                total += n
        best = min(best, watch.seconds)
    return best


def _clean(channel_id: int) -> int:
    return delete_bench_messages(channel_id, PREFIX)


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк приёма сообщений через REST API")
    parser.add_argument("--single", type=int, default=3000, help="сколько одиночных POST (по умолчанию 3000)")
    parser.add_argument("--batches", type=int, default=30, help="сколько пакетных POST (по умолчанию 30)")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="кругов измерения (печатаются медиана и лучший)")
    parser.add_argument("--batch-clients", type=int, default=4, help="потоков-клиентов для пакетных POST")
    parser.add_argument("--clients", type=int, default=8, help="потоков-клиентов для одиночных POST")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1, help="процессов gunicorn")
    parser.add_argument("--threads", type=int, default=4, help="потоков в процессе gunicorn")
    parser.add_argument("--force", action="store_true", help="разрешить базу, имя которой не оканчивается на _bench")
    args = parse_args(parser)
    setup_django()
    require_bench_database(args.force)

    from django.utils import timezone

    from feedback.api.tokens import token_issue
    from feedback.models import ApiScope, Channel, IntegrationSystem
    from sectors.models import Municipality, RoutingRule
    from sectors.services.routing import suggest_agency

    channel = Channel.objects.filter(default_kind__isnull=False, is_active=True).order_by("order", "id").first()
    if channel is None:
        sys.exit("Нет канала с видом сообщения по умолчанию: загрузите справочники (setup_portal).")
    place = Municipality.objects.order_by("id").first()
    municipality = place.name if place else ""
    rule = RoutingRule.objects.filter(is_active=True, municipality__isnull=True).select_related("category__sector").order_by("id").first()
    if rule is None:
        sys.exit("Нет правил маршрутизации: загрузите демо-регион (setup_portal).")
    category = f"{rule.category.sector.code}/{rule.category.code}"
    agency = suggest_agency(category=rule.category, municipality=place)
    system, _ = IntegrationSystem.objects.update_or_create(
        name=SYSTEM, defaults={"channel": channel, "scopes": [ApiScope.MESSAGES_CREATE], "rate_per_minute": 10**8},
    )
    _token, key = token_issue(system=system)
    _clean(channel.id)
    settle_database()
    received_at = (timezone.now() - timedelta(hours=1)).isoformat()

    host_loop = _host_loop_seconds()
    port = _free_port()
    say(f"запускаю gunicorn на 127.0.0.1:{port}: {args.workers} процесса × {args.threads} потока")
    server = _start_gunicorn(port, args.workers, args.threads)
    try:
        warmup = [json.dumps(_item(10**9 + n, received_at, municipality, category)).encode() for n in range(50)]
        _post_all(port, key, "/api/v1/messages/", warmup, args.clients)

        singles, batches = [], []
        for round_ in range(args.rounds):
            base = round_ * 10**7
            bodies = [json.dumps(_item(base + n, received_at, municipality, category)).encode() for n in range(args.single)]
            seconds, statuses = _post_all(port, key, "/api/v1/messages/", bodies, args.clients)
            if set(statuses) != {201}:
                sys.exit(f"Одиночные POST ответили не только 201: {sorted(set(statuses))}")
            singles.append(args.single / seconds)

            start = base + 2 * 10**6
            bodies = [
                json.dumps({"items": [_item(start + b * args.batch_size + i, received_at, municipality, category) for i in range(args.batch_size)]}).encode()
                for b in range(args.batches)
            ]
            seconds, statuses = _post_all(port, key, "/api/v1/messages/batch/", bodies, args.batch_clients)
            if set(statuses) != {200}:
                sys.exit(f"Пакетные POST ответили не только 200: {sorted(set(statuses))}")
            batches.append(args.batches * args.batch_size / seconds)
            say(
                f"круг {round_ + 1}: одиночные POST ({args.single}, {args.clients} клиентов) {singles[-1]:.0f} запросов/с; "
                f"пакетные ({args.batches} × {args.batch_size}, {args.batch_clients} клиента) {batches[-1]:.0f} сообщений/с"
            )

        say("повторная доставка первого пакета: ничего нового")
        _seconds, statuses = _post_all(port, key, "/api/v1/messages/batch/", bodies[:1], 1)
    finally:
        server.terminate()
        server.wait(timeout=30)

    total = 50 + args.rounds * (args.single + args.batches * args.batch_size)
    from feedback.models import Message, MessageEvent, MessageStatus

    made = Message.objects.filter(channel=channel, external_id__startswith=PREFIX).count()
    if made != total:
        sys.exit(f"Создано {made} сообщений вместо {total}: повторная доставка создала лишнее?")
    routed = Message.objects.filter(channel=channel, external_id__startswith=PREFIX, status=MessageStatus.ROUTED, agency=agency).count()
    events = MessageEvent.objects.filter(message__channel=channel, message__external_id__startswith=PREFIX).count()
    if routed != total or events != 3 * total:
        sys.exit(f"Направлено {routed} из {total}, событий {events} вместо {3 * total}: маршрутизация при приёме не сработала.")
    copy_seconds = _copy_floor(channel.id)
    copy_rate = total / copy_seconds
    single_rate, batch_rate = statistics.median(singles), statistics.median(batches)
    figure("intake.single", single_rate, "req/s", 0)
    figure("intake.single_best", max(singles), "req/s", 0)
    figure("intake.batch", batch_rate, "msg/s", 0)
    figure("intake.batch_best", max(batches), "msg/s", 0)
    figure("intake.copy", copy_rate, "msg/s", 0)
    figure("intake.host_loop", host_loop, "s", 3)
    figure("intake.ratio_single_to_copy", single_rate / copy_rate, "x", 4)
    figure("intake.ratio_batch_to_copy", batch_rate / copy_rate, "x", 3)
    say(f"цели: одиночные ≥ {GOAL_SINGLE} запросов/с, пакеты ≥ {GOAL_BATCH} сообщений/с")
    deleted = _clean(channel.id)
    settle_database()
    say(f"удалено сообщений бенчмарка: {deleted}")
    system.tokens.all().delete()


if __name__ == "__main__":
    main()
