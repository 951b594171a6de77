"""Follow-up work of many small commits, sent to Celery as one task per moment, not one per commit.

Queueing a Celery task costs more than registering a message (about a millisecond of the web
process's CPU for the message, the routing, the signatures and the broker round trip): at
hundreds of single-message deliveries a second, one task per delivery for its analysis and one
for its agency's notice would cost more than the deliveries. Instead each commit adds its ids to
a Redis set and sends the task only if none is on its way (a flag set with NX); the task, when it
runs, clears the flag and takes every id gathered meanwhile. Ids added after it took its share set
the flag again and send the next task, so none is left behind while deliveries keep coming.

A task lost with its broker leaves its ids in the set; the flag expires after FLAG_SECONDS, and
the beat runs each draining task every minute anyway (a no-op on an empty set).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import redis
from django.conf import settings
from django.db import connection, transaction

FLAG_SECONDS = 60
TAKE = 1000

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def _client() -> redis.Redis:
    url = settings.REDIS_URL
    client = _clients.get(url)
    if client is None:
        with _lock:
            client = _clients.setdefault(url, redis.Redis.from_url(url))
    return client


def _key(name: str) -> str:
    # The database's name keeps the queues of a test run apart from a portal on the same Redis.
    return f"cur:{connection.settings_dict['NAME']}:ids:{name}"


def queue_on_commit(task, ids: Iterable[int], *, countdown: float = 0.5) -> None:
    """After the current transaction commits, queue `ids` for `task`: a task without arguments
    that takes them with `take(task)`.

    The countdown gathers the ids of the deliveries of the next half second into the same task.
    """
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: _add(task, ids, countdown))


def _add(task, ids: list[int], countdown: float) -> None:
    key = _key(task.name)
    pipe = _client().pipeline(transaction=False)
    pipe.sadd(key, *ids)
    pipe.set(f"{key}:sent", 1, nx=True, ex=FLAG_SECONDS)
    _added, sent_now = pipe.execute()
    if sent_now:
        task.apply_async(countdown=countdown)


def take(task) -> list[int]:
    """The ids waiting for `task`, taken out of its queue (each id by one task only)."""
    key = _key(task.name)
    client = _client()
    # First the flag: ids queued from now on send a new task, which finds them if this one does not.
    client.delete(f"{key}:sent")
    ids: list[int] = []
    while True:
        chunk = client.spop(key, TAKE)
        if not chunk:
            return ids
        ids.extend(int(x) for x in chunk)
