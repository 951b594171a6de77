"""Fixed-window request counters in the shared cache (Redis): every worker process counts together.

One INCR per request whatever the limit; a sliding window would rewrite a list of request times
on each request, which at thousands a minute costs more than the request itself.
"""

from __future__ import annotations

import time

from django.core.cache import cache

WINDOW = 60


def count_request(name: str, window: int = WINDOW) -> tuple[int, float]:
    """Count one request under `name` in the current window: (requests so far in it, seconds until
    the window ends)."""
    now = time.time()
    slot = f"rate:{name}:{int(now // window)}"
    try:
        used = cache.incr(slot)
    except ValueError:  # the window's first request (or its slot just expired)
        used = 1 if cache.add(slot, 1, timeout=window + 30) else cache.incr(slot)
    return used, window - (now % window)
