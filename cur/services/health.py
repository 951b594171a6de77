"""Probes behind /healthz. Each answers {"ok": bool, "detail": str} and never raises."""

from __future__ import annotations

import redis
from django.conf import settings


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
