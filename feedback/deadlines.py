"""Deadlines of a message (DESIGN.md §3), counted in the region's time zone.

Rules: the kind's defaults, refined by the head's deadline policies per channel and category;
days counted on the production calendar with the head's overrides. A deadline falls at the end
of its last day (23:59:59 local time): "within 10 working days" means the whole tenth day is
still on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from cur.process_cache import remembered
from feedback.calendar import DEFAULT_CALENDAR, ProductionCalendar
from feedback.models import CalendarOverride, DeadlinePolicy, DeadlineUnit, MessageKind

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class Deadlines:
    answer: datetime
    first_response: datetime | None


@dataclass(frozen=True)
class Term:
    amount: int
    unit: str
    first_response_hours: int | None


def _local(moment: datetime) -> datetime:
    # The region's zone named outright: asking for the "current" zone goes through a context-local
    # lookup that costs more than the deadline itself, a thousand times per batch.
    return timezone.localtime(moment, timezone.get_default_timezone())


def answer_deadline(start: datetime, term: int, unit: str, calendar: ProductionCalendar = DEFAULT_CALENDAR) -> datetime:
    local = _local(start)
    tz = local.tzinfo
    if unit == DeadlineUnit.WORKING_HOURS:
        return calendar.add_working_hours(local, term)
    if unit == DeadlineUnit.WORKING_DAYS:
        last_day = calendar.add_working_days(local.date(), term)
    else:
        last_day = local.date() + timedelta(days=term)
    return datetime.combine(last_day, END_OF_DAY, tz)


class DeadlineRules:
    """The policies and calendar overrides in force, read once (two small queries) per use.

    Bulk intake computes thousands of deadlines with one instance, so nothing here queries per
    message.
    """

    def __init__(self, policies: list[DeadlinePolicy], calendar: ProductionCalendar):
        self.calendar = calendar
        self._policies = {(p.kind_id, p.channel_id, p.category_id): p for p in policies}
        # A batch registers its messages at one moment, so most share their terms' deadlines.
        self._computed: dict[tuple, Deadlines] = {}

    @classmethod
    def load(cls) -> DeadlineRules:
        overrides = dict(CalendarOverride.objects.values_list("date", "is_working"))
        policies = list(DeadlinePolicy.objects.filter(is_active=True))
        return cls(policies, ProductionCalendar(overrides))

    @classmethod
    def current(cls) -> DeadlineRules:
        """The rules kept in the process for a few seconds (cur.process_cache): the intake asks on
        every delivery; a policy saved here applies at once, one saved elsewhere within seconds."""
        return remembered("deadline-rules", cls.load)

    def term_for(self, kind: MessageKind, *, channel_id: int | None = None, category_id: int | None = None) -> Term:
        # The most specific rule wins; a category's rule beats a channel's.
        for key in (
            (kind.id, channel_id, category_id),
            (kind.id, None, category_id),
            (kind.id, channel_id, None),
            (kind.id, None, None),
        ):
            policy = self._policies.get(key)
            if policy is not None:
                return Term(policy.answer_term, policy.answer_unit, policy.first_response_hours)
        return Term(kind.answer_term, kind.answer_unit, kind.first_response_hours)

    def deadlines_for(self, kind: MessageKind, registered_at: datetime, *, channel_id=None, category_id=None) -> Deadlines:
        term = self.term_for(kind, channel_id=channel_id, category_id=category_id)
        key = (term, registered_at)
        found = self._computed.get(key)
        if found is not None:
            return found
        answer = answer_deadline(registered_at, term.amount, term.unit, self.calendar)
        first = None
        if term.first_response_hours:
            first = self.calendar.add_working_hours(_local(registered_at), term.first_response_hours)
        if len(self._computed) > 10_000:  # the rules live seconds in the process cache; a bound all the same
            self._computed.clear()
        found = self._computed[key] = Deadlines(answer=answer, first_response=first)
        return found


def deadlines_for(kind: MessageKind, registered_at: datetime, calendar: ProductionCalendar = DEFAULT_CALENDAR) -> Deadlines:
    """The kind's own default rule on a given calendar (no policies): used by the demo generator."""
    return DeadlineRules([], calendar).deadlines_for(kind, registered_at)
