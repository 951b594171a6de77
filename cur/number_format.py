"""Numbers the Russian way on every page, report and notification: «1 234», «56,7 %», «12,5 ч», «3,2 дн.», «4,3».

Always Russian separators (a non-breaking space between thousands, a decimal comma), whatever
the interface language: the figures are copied into official Russian reports. A missing figure
(no messages to count, nothing answered yet) reads «—», never 0, so an empty sector does not
look like a perfect one.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

NBSP = "\xa0"
MINUS = "\u2212"
DASH = "—"
# From two days on, hours read better as days.
DAYS_FROM_HOURS = 48


def _number(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def format_number(value: float, digits: int = 0) -> str:
    """1234.56 → «1 234,6» (digits=1); halves round up, as people round (4,25 → 4,3); a real minus sign."""
    rounded = Decimal(str(abs(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{digits}f}".replace(",", NBSP).replace(".", ",")
    return f"{MINUS}{text}" if value < 0 and rounded else text


def _shows_as_zero(number: float) -> bool:
    return format_number(abs(number), 1) == "0,0"


def ru_int(value) -> str:
    number = _number(value)
    return DASH if number is None else format_number(number)


def ru_percent(value, digits: int = 1) -> str:
    number = _number(value)
    return DASH if number is None else f"{format_number(number, int(digits))}{NBSP}%"


def ru_hours(value) -> str:
    """12.5 → «12,5 ч»; 76.8 → «3,2 дн.»."""
    number = _number(value)
    if number is None:
        return DASH
    if number >= DAYS_FROM_HOURS:
        return _("%(n)s дн.") % {"n": format_number(number / 24, 1)}
    return _("%(n)s ч") % {"n": format_number(number, 1)}


def ru_score(value) -> str:
    """An average rating 1–5 with one decimal: «4,3»."""
    number = _number(value)
    return DASH if number is None else format_number(number, 1)


def ru_change(value, unit: str = "%") -> str:
    """A change against the previous period: «↑ 12,3 %», «↓ 4,0 п.п.», «без изменений»; «—» when unknown.

    unit "%" for a relative change of a count, "pp" for percentage points of a share.
    """
    number = _number(value)
    if number is None:
        return DASH
    if _shows_as_zero(number):
        return _("без изменений")
    arrow = "↑" if number > 0 else "↓"
    suffix = _("п.п.") if unit == "pp" else "%"
    return f"{arrow}{NBSP}{format_number(abs(number), 1)}{NBSP}{suffix}"


def change_tone(value, higher_is_better: bool = True) -> str:
    """The colour of a change: success when it went the good way, danger when the bad, muted otherwise."""
    number = _number(value)
    if number is None or _shows_as_zero(number):
        return "muted"
    good = number > 0 if higher_is_better else number < 0
    return "success" if good else "danger"
