"""Per-token rate limits: the system's own rate, or settings' REST_FRAMEWORK rate «api_token».

A fixed one-minute window counted in the shared cache (Redis), as for Open311 keys: one INCR per
request whatever the rate. DRF's sliding window keeps every request's time in one cache entry and
rewrites it on each request, which at thousands of requests a minute costs more than the request.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from feedback.api.auth import ApiClient

WINDOW = 60


def _parse_rate(rate: str) -> int:
    """«600/min» → requests per minute."""
    count, _, period = rate.partition("/")
    per_second = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return max(1, int(int(count) * WINDOW / per_second))


class TokenRateThrottle(BaseThrottle):
    scope = "api_token"

    def allow_request(self, request, view) -> bool:
        client = request.user
        if not isinstance(client, ApiClient):
            return True  # refused by authentication anyway
        limit = client.system.rate_per_minute or _parse_rate(api_settings.DEFAULT_THROTTLE_RATES[self.scope])
        now = time.time()
        window = int(now // WINDOW)
        self._wait = WINDOW - (now % WINDOW)
        slot = f"throttle:{self.scope}:{client.token.pk}:{window}"
        try:
            used = cache.incr(slot)
        except ValueError:  # the window's first request
            used = 1 if cache.add(slot, 1, timeout=WINDOW + 30) else cache.incr(slot)
        return used <= limit

    def wait(self) -> float:
        return self._wait
