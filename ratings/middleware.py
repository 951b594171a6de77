"""One fold of the statistics delta log per request, however many slices the page reads.

A dashboard reads a dozen slices; each would otherwise first ask whether the log holds anything.
Outside a request (Celery tasks, commands) every read folds, unless the job reads within
`one_fold()` as the report does.
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


class FoldStatsOncePerRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_fold():
            return self.get_response(request)
