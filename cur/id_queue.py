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

from collections.abc import Iterable, Mapping

from django.db import transaction

from cur.redis_client import key, shared_redis
from cur.task_queue import task_by_name

FLAG_SECONDS = 60
TAKE = 1000


def _key(name: str) -> str:
    return key("ids", name)


def queue_on_commit(batches: Mapping[str, Iterable[int]], *, countdown: float = 0.5) -> None:
    """After the current transaction commits, queue the ids of each task ({task name: ids}): tasks
    without arguments that take their ids with `take(name)`. One Redis round trip for them all.

    The countdown gathers the ids of the deliveries of the next half second into the same task.
    """
    batches = {task: list(ids) for task, ids in batches.items()}
    batches = {task: ids for task, ids in batches.items() if ids}
    if batches:
        transaction.on_commit(lambda: _add(batches, countdown))


def _add(batches: dict, countdown: float) -> None:
    pipe = shared_redis().pipeline(transaction=False)
    for task_name, ids in batches.items():
        name = _key(task_name)
        pipe.sadd(name, *ids)
        pipe.set(f"{name}:sent", 1, nx=True, ex=FLAG_SECONDS)
    answers = pipe.execute()
    for task_name, sent_now in zip(batches, answers[1::2], strict=True):
        if sent_now:
            task_by_name(task_name).apply_async(countdown=countdown)


def take(task_name: str) -> list[int]:
    """The ids waiting for the task `task_name`, taken out of its queue (each id by one task only)."""
    name = _key(task_name)
    client = shared_redis()
    # First the flag: ids queued from now on send a new task, which finds them if this one does not.
    client.delete(f"{name}:sent")
    ids: list[int] = []
    while True:
        chunk = client.spop(name, TAKE)
        if not chunk:
            return ids
        ids.extend(int(x) for x in chunk)


def waiting(task_name: str) -> int:
    """How many ids wait for the task `task_name` (the health probe shows it)."""
    return int(shared_redis().scard(_key(task_name)))
