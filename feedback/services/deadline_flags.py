"""Stored deadline flags: "overdue" and "due soon" are written to the row, not computed per page."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from feedback.deadlines import DeadlineRules
from feedback.models import OPEN_STATUSES, Message


def due_soon_limit(now: datetime, rules: DeadlineRules | None = None) -> datetime:
    """The end of the next working day in the region: what is due by then is "due soon"."""
    rules = rules or DeadlineRules.load()
    local = timezone.localtime(now)
    next_day = rules.calendar.add_working_days(local.date(), 1)
    return datetime.combine(next_day, time(23, 59, 59), local.tzinfo)


def refresh_overdue_flags(*, now=None) -> dict[str, int]:
    """Set-based UPDATEs touching only rows whose flag changes, so a run over millions of
    messages costs what the changes cost."""
    now = now or timezone.now()
    open_statuses = [s.value for s in OPEN_STATUSES]
    flagged = Message.objects.filter(status__in=open_statuses, is_overdue=False, deadline_at__lt=now).update(is_overdue=True)
    cleared = Message.objects.filter(is_overdue=True).filter(
        ~Q(status__in=open_statuses) | Q(deadline_at__gte=now) | Q(deadline_at__isnull=True)
    ).update(is_overdue=False)
    limit = due_soon_limit(now)
    soon = Q(status__in=open_statuses, deadline_at__gte=now, deadline_at__lte=limit)
    due_soon = Message.objects.filter(soon, is_due_soon=False).update(is_due_soon=True)
    not_soon = Message.objects.filter(is_due_soon=True).exclude(soon).update(is_due_soon=False)
    return {"flagged": flagged, "cleared": cleared, "due_soon": due_soon, "not_due_soon": not_soon}
