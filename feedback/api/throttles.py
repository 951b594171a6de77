"""Per-token rate limits: the system's own rate, or settings' REST_FRAMEWORK rate «api_token»."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from feedback.api.auth import ApiClient


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def allow_request(self, request, view):
        client = request.user
        if isinstance(client, ApiClient) and client.system.rate_per_minute:
            self.rate = f"{client.system.rate_per_minute}/min"
        else:
            self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        client = request.user
        if not isinstance(client, ApiClient):
            return None  # refused by authentication anyway
        return self.cache_format % {"scope": self.scope, "ident": client.token.pk}
