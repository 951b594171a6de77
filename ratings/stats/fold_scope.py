"""How often a reader of the rollups folds the statistics delta log: once per scope.

A dashboard reads a dozen slices; each would otherwise first ask whether the log holds anything.
A request is one scope (ratings.middleware), the report is another (`one_fold()`); outside any
scope (Celery tasks, commands) every read folds.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_request_folded: contextvars.ContextVar[list | None] = contextvars.ContextVar("rollups_folded_in_request", default=None)


def fold_needed() -> bool:
    """True the first time in a request (and always outside one); later calls in it are False."""
    folded = _request_folded.get()
    if folded is None:
        return True
    if folded:
        return False
    folded.append(True)
    return True


@contextmanager
def one_fold():
    """Within the block, only the first read of the rollups folds the log (a page, a report)."""
    token = _request_folded.set([])
    try:
        yield
    finally:
        _request_folded.reset(token)
