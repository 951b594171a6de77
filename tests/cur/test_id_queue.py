"""Ids of many commits reach their Celery task in one go, and none is left behind."""

import pytest
from django.db import connection

from cur import id_queue


class _Task:
    """Stands for a Celery task: records that it was sent, does not run."""

    __hash__ = object.__hash__

    def __init__(self, name: str):
        self.name = name
        self.sent = 0

    def apply_async(self, **options):
        self.sent += 1


_SENT: dict[str, _Task] = {}


@pytest.fixture(autouse=True)
def _tasks_by_name(monkeypatch):
    """The queue sends tasks by name (cur.task_queue): the stand-ins are found by theirs."""
    _SENT.clear()
    monkeypatch.setattr(id_queue, "task_by_name", lambda name: _SENT[name])


def _clear(task):
    _SENT[task.name] = task
    id_queue.take(task.name)


def test_commits_in_a_row_send_one_task_that_takes_all_their_ids(db, django_capture_on_commit_callbacks):
    task = _Task("tests.gather")
    _clear(task)
    for ids in ([1, 2], [3], [2, 4]):
        with django_capture_on_commit_callbacks(execute=True):
            id_queue.queue_on_commit({task.name: ids})
    assert task.sent == 1
    assert sorted(id_queue.take(task.name)) == [1, 2, 3, 4]
    assert id_queue.take(task.name) == []


def test_ids_queued_after_the_task_took_its_share_send_the_next_task(db, django_capture_on_commit_callbacks):
    task = _Task("tests.next")
    _clear(task)
    with django_capture_on_commit_callbacks(execute=True):
        id_queue.queue_on_commit({task.name: [1]})
    assert id_queue.take(task.name) == [1]
    with django_capture_on_commit_callbacks(execute=True):
        id_queue.queue_on_commit({task.name: [5]})
    assert task.sent == 2
    assert id_queue.take(task.name) == [5]


def test_nothing_is_queued_for_a_transaction_rolled_back_or_without_ids(db, django_capture_on_commit_callbacks):
    task = _Task("tests.rollback")
    _clear(task)
    with django_capture_on_commit_callbacks(execute=False):
        id_queue.queue_on_commit({task.name: [7]})  # the callbacks are dropped, as on a rollback
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        id_queue.queue_on_commit({task.name: []})
    assert callbacks == [] and task.sent == 0
    assert id_queue.take(task.name) == []


def test_one_commit_queues_for_several_tasks_at_once(db, django_capture_on_commit_callbacks):
    first, second = _Task("tests.first"), _Task("tests.second")
    _clear(first), _clear(second)
    with django_capture_on_commit_callbacks(execute=True):
        id_queue.queue_on_commit({first.name: [1, 2], second.name: []})
        id_queue.queue_on_commit({second.name: [3]})
    assert (first.sent, second.sent) == (1, 1)
    assert sorted(id_queue.take(first.name)) == [1, 2] and id_queue.take(second.name) == [3]


def test_the_queues_of_another_database_on_the_same_redis_are_apart(db, django_capture_on_commit_callbacks, monkeypatch):
    task = _Task("tests.apart")
    _clear(task)
    with django_capture_on_commit_callbacks(execute=True):
        id_queue.queue_on_commit({task.name: [9]})
    monkeypatch.setitem(connection.settings_dict, "NAME", "another_portal")
    assert id_queue.take(task.name) == []
    monkeypatch.undo()
    assert id_queue.take(task.name) == [9]
