"""Template helpers of the ratings pages: points, their change, indicator values, trend sparklines."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cur.number_format import DASH, MINUS, NBSP, format_number
from ratings.rating.indicators import AVERAGE, INDICATORS, MEDIAN_RATIO

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def ru_points(value) -> str:
    """87.354 → «87,35»: scores are shown and ranked to hundredths."""
    return DASH if value is None else format_number(float(value), 2)


@register.filter
def points_change(value) -> str:
    """«↑ 1,25», «↓ 0,50», «без изменений», «—»."""
    if value is None:
        return DASH
    number = float(value)
    if abs(number) < 0.005:
        return _("без изменений")
    arrow = "↑" if number > 0 else "↓"
    return f"{arrow}{NBSP}{format_number(abs(number), 2)}"


@register.filter
def indicator_value(figures, code: str) -> str:
    """An indicator's value as the reader understands it: «92,3 %», «45 % срока», «4,3»."""
    value = (figures or {}).get("value")
    if value is None:
        return DASH
    shape = INDICATORS[code].shape if code in INDICATORS else ""
    if shape == MEDIAN_RATIO:
        return _("%(n)s срока") % {"n": f"{format_number(value * 100, 0)}{NBSP}%"}
    if shape == AVERAGE:
        return format_number(value, 2)
    return f"{format_number(value * 100, 1)}{NBSP}%"


@register.simple_tag
def sparkline(values, width: int = 96, height: int = 24):
    """An inline SVG line of the scores over the months (gaps where not rated).

    The scale spans at least 10 points around the subject's own scores, so a move from 90 to 95
    shows, and a move of half a point does not look like a cliff.
    """
    points = [(i, v) for i, v in enumerate(values or []) if v is not None]
    if len(points) < 2:
        return mark_safe(f'<span class="text-body-secondary small">{DASH}</span>')
    low, high = min(v for _, v in points), max(v for _, v in points)
    middle, span = (low + high) / 2, max(high - low, 10.0)
    bottom = middle - span / 2
    step = width / max(len(values) - 1, 1)

    def y(v: float) -> float:
        return height - 2 - (v - bottom) / span * (height - 4)

    coords = " ".join(f"{i * step:.1f},{y(v):.1f}" for i, v in points)
    last_x, last_v = points[-1]
    first_v = points[0][1]
    label = _("Динамика балла: с %(first)s до %(last)s") % {
        "first": format_number(first_v, 2), "last": format_number(last_v, 2)}
    return format_html(
        '<svg class="cur-spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.2" fill="currentColor"/></svg>',
        width, height, width, height, label, coords, f"{last_x * step:.1f}", f"{y(last_v):.1f}",
    )


@register.filter
def minus_sign(text: str) -> str:
    return str(text).replace("-", MINUS)
