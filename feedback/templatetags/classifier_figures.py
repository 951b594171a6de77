"""Figures of the classifier pages: fractions shown as percents («80,4 %», thresholds «95 %»)."""

from django import template

from cur.number_format import ru_percent

register = template.Library()


@register.filter
def share(value, digits: int = 1) -> str:
    if value in (None, ""):
        return ru_percent(None)
    return ru_percent(float(value) * 100, digits)


@register.filter
def percent0(value) -> str:
    """A threshold as a whole percent: 0.95 → «95 %»."""
    return ru_percent(float(value) * 100, 0)


@register.filter
def ratio(part, whole) -> str:
    """«41 %» of the messages: the share a threshold would take, whole percents."""
    if not whole:
        return ru_percent(None)
    return ru_percent(100 * float(part) / float(whole), 0)
