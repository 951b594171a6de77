"""Fixed-window request counters in Redis: every worker process counts together.

One round trip per request whatever the limit (the window's key is created with its expiry if
new, then incremented); a sliding window would rewrite a list of request times on each request,
which at thousands a minute costs more than the request itself.
"""

from __future__ import annotations

import time

from cur.redis_client import key, shared_redis

WINDOW = 60


def count_request(name: str, window: int = WINDOW) -> tuple[int, float]:
    """Count one request under `name` in the current window: (requests so far in it, seconds until
    the window ends)."""
    now = time.time()
    slot = key("rate", name, str(int(now // window)))
    pipe = shared_redis().pipeline(transaction=False)
    pipe.set(slot, 0, ex=window + 30, nx=True)
    pipe.incr(slot)
    _created, used = pipe.execute()
    return used, window - (now % window)
