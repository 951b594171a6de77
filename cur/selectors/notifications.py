"""Reads of a user's in-portal notifications: the unread badge and the list page."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from cur.access import access_for
from cur.models import Notification

PAGE_SIZE = 30


def receives_notifications(user) -> bool:
    """Portal staff: anyone holding a ЦУР role (or the portal's superuser)."""
    if user is None or not user.is_authenticated:
        return False
    access = access_for(user)
    return access.is_superuser or bool(access.roles)


def unread_count(user) -> int:
    """One COUNT over the (recipient, read_at) index, remembered on the user object for the request."""
    cached = getattr(user, "_cur_unread_notifications", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        user._cur_unread_notifications = cached
    return cached


def notifications_page(user, page_number) -> Page:
    """The user's own notifications, newest first; a bad page number gives the nearest page."""
    qs = Notification.objects.filter(recipient=user).only("id", "kind", "title", "body", "url", "created_at", "read_at")
    return Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(page_number)

