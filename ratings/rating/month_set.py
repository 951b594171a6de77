"""Which messages belong to a month's rating, and for whom they count.

A month's rating takes the messages registered in that month (by the region's calendar), in the
state they are in when the rating is computed. Messages that nobody owes an answer on their own
are left out: rejected by moderation (spam, not a message), duplicates and messages merged into a
mass problem (answered through the main message), and messages forwarded outside the region's
competence. A message counts for an agency by its agency (Message.agency) and for a
municipality by its municipality (Message.municipality).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from feedback.models import Message, MessageStatus
from ratings.periods import add_months
from ratings.rating.criteria import SubjectKind

LEFT_OUT = frozenset({MessageStatus.REJECTED, MessageStatus.DUPLICATE, MessageStatus.MERGED, MessageStatus.FORWARDED})
COUNTED_STATUSES = sorted(s.value for s in MessageStatus if s not in LEFT_OUT)

SUBJECT_FIELDS = {SubjectKind.AGENCY: "agency_id", SubjectKind.MUNICIPALITY: "municipality_id"}


def month_start(month: date) -> datetime:
    """Midnight of the month's first day in the region's time zone."""
    return datetime(month.year, month.month, 1, tzinfo=timezone.get_current_timezone())


def month_bounds(month: date) -> tuple[datetime, datetime]:
    return month_start(month), month_start(add_months(month.replace(day=1), 1))


def month_messages(month: date, kind: str, subject_id: int | None = None) -> QuerySet:
    """The month's counted messages of all subjects of a kind, or of one subject."""
    start, end = month_bounds(month)
    field = SUBJECT_FIELDS[kind]
    qs = Message.objects.filter(registered_at__gte=start, registered_at__lt=end, status__in=COUNTED_STATUSES)
    if subject_id is None:
        return qs.filter(**{f"{field}__isnull": False})
    return qs.filter(**{field: subject_id})
