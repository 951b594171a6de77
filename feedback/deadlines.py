"""Deadlines of a message from its kind's rules (DESIGN.md §3), counted in the region's time zone.

A deadline falls at the end of its last day (23:59:59 local time): "within 10 working days"
means the whole tenth day is still on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from feedback.calendar import DEFAULT_CALENDAR, ProductionCalendar
from feedback.models import DeadlineUnit, MessageKind

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class Deadlines:
    answer: datetime
    first_response: datetime | None


def answer_deadline(start: datetime, term: int, unit: str, calendar: ProductionCalendar = DEFAULT_CALENDAR) -> datetime:
    local = timezone.localtime(start)
    tz = local.tzinfo
    if unit == DeadlineUnit.WORKING_HOURS:
        return calendar.add_working_hours(local, term)
    if unit == DeadlineUnit.WORKING_DAYS:
        last_day = calendar.add_working_days(local.date(), term)
    else:
        last_day = local.date() + timedelta(days=term)
    return datetime.combine(last_day, END_OF_DAY, tz)


def deadlines_for(kind: MessageKind, registered_at: datetime, calendar: ProductionCalendar = DEFAULT_CALENDAR) -> Deadlines:
    answer = answer_deadline(registered_at, kind.answer_term, kind.answer_unit, calendar)
    first = None
    if kind.first_response_hours:
        first = calendar.add_working_hours(timezone.localtime(registered_at), kind.first_response_hours)
    return Deadlines(answer=answer, first_response=first)
