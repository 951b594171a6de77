"""Probes behind /healthz. Each answers {"ok": bool, "detail": str} and never raises."""

from __future__ import annotations

import redis
from django.conf import settings

from cur import id_queue


def check_database(connection) -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "detail": "PostgreSQL отвечает"}
    except Exception as exc:  # noqa: BLE001 - any failure means "down" to a monitor
        return {"ok": False, "detail": f"PostgreSQL недоступен: {exc.__class__.__name__}"}


def check_redis() -> dict:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return {"ok": True, "detail": "Redis отвечает"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "detail": f"Redis недоступен: {exc.__class__.__name__}"}


def check_celery(timeout: float = 1.0) -> dict:
    from cur.celery import app

    try:
        replies = app.control.ping(timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "detail": f"брокер Celery недоступен: {exc.__class__.__name__}"}
    if not replies:
        return {"ok": False, "detail": "ни один Celery worker не ответил"}
    return {"ok": True, "detail": f"работающих Celery worker: {len(replies)}"}


def check_backlog(connection) -> dict:
    """What waits to be done after the commits (informational: a long import makes it grow for a
    while, so it never fails the probe by its size): ids queued for the analysis and the agencies'
    notices (cur.id_queue) and changes not yet folded into the statistics rollups."""
    try:
        notices = id_queue.waiting("feedback.tasks.notify_agencies_of_queued_routed_messages")
        analysis = id_queue.waiting("feedback.tasks.analyse_queued_messages")
        with connection.cursor() as cursor:
            # Bounded: the probe stays quick however long the log has grown.
            cursor.execute("SELECT count(*) FROM (SELECT 1 FROM ratings_statdelta LIMIT 100001) AS pending")
            changes = cursor.fetchone()[0]
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "detail": f"очереди не прочитаны: {exc.__class__.__name__}"}
    shown = f"{changes:,}".replace(",", "\u00a0") if changes <= 100_000 else "больше 100\u00a0000"
    return {
        "ok": True,
        "detail": f"ждут: уведомлений органов — {notices}, разбора — {analysis}; изменений сводок — {shown}",
    }
