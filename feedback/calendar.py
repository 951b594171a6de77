"""The Russian production calendar: weekends, public holidays and transfers of days off.

`holidays` (≥ 0.108) knows the official holidays and the days off moved onto weekdays; the
weekend days that became working days are the "from" side of those transfers. Local overrides
(a regional decree, a correction) win over both.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from holidays.countries.russia import RussiaStaticHolidays

WORKDAY_START = time(9, 0)
WORKDAY_END = time(18, 0)


@lru_cache(maxsize=64)
def _year_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off that fall on weekdays or are holidays, weekend days that are working) for a year."""
    days_off = frozenset(holidays.RU(years=year).keys())
    working_weekends = set()
    for entry in RussiaStaticHolidays.special_public_holidays.get(year, ()):
        if not isinstance(entry, tuple) or len(entry) < 4:
            continue
        from_year = entry[4] if len(entry) > 4 else year
        moved_from = date(from_year, entry[2], entry[3])
        # A Saturday whose day off moved elsewhere is worked; a holiday moved away is not.
        if moved_from.weekday() >= 5 and moved_from not in days_off:
            working_weekends.add(moved_from)
    return days_off, frozenset(working_weekends)


class ProductionCalendar:
    def __init__(self, overrides: Mapping[date, bool] | None = None):
        # overrides: date → True (working) / False (day off)
        self.overrides = dict(overrides or {})

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        days_off, working_weekends = _year_days(day.year)
        for_next_year = _year_days(day.year + 1)[1] if day.month == 12 else frozenset()
        if day in working_weekends or day in for_next_year:
            return True
        if day in days_off:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (the day of registration is not counted)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` working hours after `start`, counting 09:00–18:00 of working days."""
        tz = start.tzinfo
        remaining = timedelta(hours=hours)
        current = start
        while True:
            day = current.date()
            day_start = datetime.combine(day, WORKDAY_START, tz)
            day_end = datetime.combine(day, WORKDAY_END, tz)
            if self.is_working_day(day) and current < day_end:
                begin = max(current, day_start)
                available = day_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            current = datetime.combine(day + timedelta(days=1), time(0, 0), tz)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


DEFAULT_CALENDAR = ProductionCalendar()
