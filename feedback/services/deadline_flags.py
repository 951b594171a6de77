"""Stored deadline flags: "overdue" is written to the row, not computed on every page."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from feedback.models import OPEN_STATUSES, Message


def refresh_overdue_flags(*, now=None) -> dict[str, int]:
    """Flag open messages past their deadline; unflag those whose deadline moved or that closed.

    Two set-based UPDATEs touching only rows whose flag changes, so a run over millions of
    messages costs what the changes cost.
    """
    now = now or timezone.now()
    open_statuses = [s.value for s in OPEN_STATUSES]
    flagged = Message.objects.filter(status__in=open_statuses, is_overdue=False, deadline_at__lt=now).update(is_overdue=True)
    cleared = Message.objects.filter(is_overdue=True).filter(
        ~Q(status__in=open_statuses) | Q(deadline_at__gte=now) | Q(deadline_at__isnull=True)
    ).update(is_overdue=False)
    return {"flagged": flagged, "cleared": cleared}
