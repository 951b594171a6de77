"""Periods of the dashboards: whole months, so the monthly statistics rollup answers them.

A period that ends today still starts on the 1st; nothing is registered after today, so it is
queried up to the end of its month (`query_to`) and the monthly rollup still answers it. Its
comparison period is the same days shifted back by whole months (the 1st to the 15th of last
month for the current month; the same dates of last year for the year to date), so a half-month
is never compared with a whole one.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ratings.selectors.labels import month_label

CURRENT_MONTH = "month"
PREVIOUS_MONTH = "previous_month"
LAST_3_MONTHS = "3_months"
YEAR_TO_DATE = "year"
LAST_12_MONTHS = "12_months"

# (key, label) in the order the period selector shows them; the first is the default.
PERIOD_CHOICES: tuple[tuple[str, str | Promise], ...] = (
    (CURRENT_MONTH, gettext_lazy("Текущий месяц")),
    (PREVIOUS_MONTH, gettext_lazy("Прошлый месяц")),
    (LAST_3_MONTHS, gettext_lazy("Последние 3 месяца")),
    (YEAR_TO_DATE, gettext_lazy("С начала года")),
    (LAST_12_MONTHS, gettext_lazy("Последние 12 месяцев")),
)
DEFAULT_PERIOD = CURRENT_MONTH


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Period:
    key: str
    label: str | Promise
    date_from: date
    date_to: date
    # How many months back its comparison period lies.
    shift_months: int = 1
    # True when the period ends today: nothing after date_to exists yet.
    ends_today: bool = False

    @property
    def query_to(self) -> date:
        """The last day to ask the statistics for: the month's end when nothing after today exists."""
        return month_end(self.date_to) if self.ends_today else self.date_to

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def dates(self) -> str:
        """«с 01.03.2025 по 15.03.2025»"""
        return _("с %(start)s по %(end)s") % {
            "start": date_format(self.date_from, "d.m.Y"), "end": date_format(self.date_to, "d.m.Y"),
        }

    @property
    def months(self) -> str:
        """The months it covers in words: «март 2025», «январь 2025 – март 2025»."""
        first, last = month_label(self.date_from), month_label(self.date_to)
        return first if first == last else f"{first} – {last}"


def period_from_key(key: str | None, today: date) -> Period:
    """The period a selector key names, relative to the region's today; an unknown key is the default."""
    labels = dict(PERIOD_CHOICES)
    if key not in labels:
        key = DEFAULT_PERIOD
    label = labels[key]
    month_start = today.replace(day=1)
    if key == PREVIOUS_MONTH:
        start = add_months(month_start, -1)
        return Period(key, label, start, month_end(start), shift_months=1)
    if key == LAST_3_MONTHS:
        return Period(key, label, add_months(month_start, -2), today, shift_months=3, ends_today=True)
    if key == YEAR_TO_DATE:
        return Period(key, label, today.replace(month=1, day=1), today, shift_months=12, ends_today=True)
    if key == LAST_12_MONTHS:
        return Period(key, label, add_months(month_start, -11), today, shift_months=12, ends_today=True)
    return Period(key, label, month_start, today, shift_months=1, ends_today=True)


def previous_period(period: Period) -> Period:
    """The period to compare with: the same days `shift_months` earlier; a whole month stays whole."""
    start = add_months(period.date_from, -period.shift_months)
    if period.date_to == month_end(period.date_to):
        end = month_end(add_months(period.date_to, -period.shift_months))
    else:
        end = add_months(period.date_to, -period.shift_months)
    return Period(f"{period.key}_previous", _("предыдущий период"), start, end, shift_months=period.shift_months)


def percent_change(current: int, before: int) -> float | None:
    """Relative change in %; None when there was nothing before to compare with."""
    return 100.0 * (current - before) / before if before else None
