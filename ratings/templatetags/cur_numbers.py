"""Numbers the Russian way: 1 234, 56,7 %, 12,5 ч / 3,2 дн., +12 %."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()

NBSP = "\u00a0"


def _number(value, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", NBSP).replace(".", ",")


def _numeric(value) -> float | None:
    """The value as a number, or None for anything else (an empty figure, a missing variable)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def ru_int(value):
    value = _numeric(value)
    if value is None:
        return "—"
    return _number(round(value), 0)


@register.filter
def ru_percent(value):
    value = _numeric(value)
    if value is None:
        return "—"
    return f"{_number(value, 1)}{NBSP}%"


@register.filter
def ru_hours(value):
    """Hours under two days as hours, longer as days."""
    value = _numeric(value)
    if value is None:
        return "—"
    if value >= 48:
        return f"{_number(value / 24, 1)}{NBSP}{_('дн.')}"
    return f"{_number(value, 1)}{NBSP}{_('ч')}"


@register.filter
def ru_score(value):
    value = _numeric(value)
    if value is None:
        return "—"
    return _number(value, 2)


@register.filter
def ru_change(value):
    """A change in percent with its sign; None (nothing to compare with) → empty."""
    value = _numeric(value)
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{_number(abs(value), 0)}{NBSP}%"
