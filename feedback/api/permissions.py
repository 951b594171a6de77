"""Scopes: each view names the one it needs (`required_scope`); a token without it gets 403."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from feedback.api.auth import ApiClient
from feedback.models import ApiScope


class HasScope(BasePermission):
    message = "У токена нет права на это действие."

    def has_permission(self, request, view) -> bool:
        client = request.user
        if not isinstance(client, ApiClient):
            return False
        scope = getattr(view, "required_scope", None)
        if scope is None:
            return True
        if scope not in client.system.scopes:
            self.message = f"У токена нет права «{ApiScope(scope).label}» ({scope})."
            return False
        return True
