"""Month-aligned reporting periods of the dashboards, so the monthly rollup answers them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    key: str
    label: str | Promise
    date_from: date
    date_to: date

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def _month_start(day: date, back: int = 0) -> date:
    month = day.year * 12 + day.month - 1 - back
    return date(month // 12, month % 12 + 1, 1)


def _month_end(day: date) -> date:
    return _month_start(day, -1) - timedelta(days=1)


PERIOD_CHOICES = (
    ("month", _("текущий месяц")),
    ("previous_month", _("прошлый месяц")),
    ("quarter", _("последние 3 месяца")),
    ("year", _("с начала года")),
    ("twelve_months", _("последние 12 месяцев")),
)
DEFAULT_PERIOD = "month"


def period_from_key(key: str | None, today: date) -> Period:
    """The period a key names, ending today (or with the previous month); unknown keys → current month."""
    labels = dict(PERIOD_CHOICES)
    if key not in labels:
        key = DEFAULT_PERIOD
    if key == "previous_month":
        start = _month_start(today, 1)
        return Period(key, labels[key], start, _month_end(start))
    back = {"month": 0, "quarter": 2, "twelve_months": 11}.get(key)
    start = date(today.year, 1, 1) if key == "year" else _month_start(today, back)
    return Period(key, labels[key], start, today)


def previous_period(period: Period) -> Period:
    """The same number of whole months just before, cut at the same day of the month.

    The current month up to the 23rd compares with the previous month up to the 23rd, so a month
    in progress is not measured against a full one.
    """
    months = (period.date_to.year - period.date_from.year) * 12 + period.date_to.month - period.date_from.month + 1
    start = _month_start(period.date_from, months)
    last_month_start = _month_start(period.date_to, months)
    end = min(last_month_start.replace(day=1) + timedelta(days=period.date_to.day - 1), _month_end(last_month_start))
    return Period("previous", _("предыдущий период"), start, end)
