"""The one way to queue background work: a Celery task named by its dotted path, after the commit.

Services and selectors never import a tasks module (tasks import services, not the other way), so
a write queues its follow-up by the task's name. The task is sent only when the transaction that
made the change commits: a rolled-back change queues nothing, and a worker never looks for a row
that is not there yet.
"""

from __future__ import annotations

import importlib

from django.db import transaction


def task_by_name(name: str):
    """The registered Celery task `name` («feedback.tasks.deliver_webhook»); its module is imported
    on first use, since a web process does not autodiscover tasks."""
    from cur.celery import app

    task = app.tasks.get(name)
    if task is None:
        importlib.import_module(name.rsplit(".", 1)[0])
        task = app.tasks[name]
    return task


def enqueue(name: str, *args, countdown: float | None = None, **kwargs) -> None:
    """Send task `name` with these arguments once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send(name, args, kwargs, countdown))


def send(name: str, args: tuple, kwargs: dict, countdown: float | None) -> None:
    task_by_name(name).apply_async(args, kwargs or None, countdown=countdown)
