"""Per-token rate limits: the system's own rate, or settings' REST_FRAMEWORK rate «api_token»;
a fixed one-minute window counted in Redis (cur.rate_limit), as for Open311 keys."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from cur.rate_limit import WINDOW, count_request
from feedback.api.auth import ApiClient


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
        used, self._wait = count_request(f"{self.scope}:{client.token.pk}")
        return used <= limit

    def wait(self) -> float:
        return self._wait
