"""One Redis client per process for the portal's own counters and queues (cur.rate_limit,
cur.id_queue), and the prefix that keeps their keys apart.

Django's Redis cache builds a new client object for every operation and asks twice for an
increment (exists, then incr); a request that counts itself and queues its follow-ups would pay
that several times. The keys carry the database's name (a test run and a portal may share a
Redis) and, in the tests, a per-run salt (settings.CUR_REDIS_KEY_SALT).
"""

from __future__ import annotations

import threading

import redis
from django.conf import settings
from django.db import connection

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def shared_redis() -> redis.Redis:
    url = settings.REDIS_URL
    client = _clients.get(url)
    if client is None:
        with _lock:
            client = _clients.setdefault(url, redis.Redis.from_url(url))
    return client


def key(*parts: str) -> str:
    salt = getattr(settings, "CUR_REDIS_KEY_SALT", "")
    return ":".join(["cur", connection.settings_dict["NAME"], *([salt] if salt else []), *parts])
