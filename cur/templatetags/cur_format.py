"""Template helpers for the portal's Russian formats: time left to a deadline, status badges."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

# Colour of a message status badge (a Bootstrap theme colour); anything not listed is neutral.
STATUS_TONES = {
    "new": "primary",
    "classified": "info",
    "routed": "info",
    "in_work": "secondary",
    "interim": "secondary",
    "answered": "success",
    "returned": "warning",
    "reopened": "warning",
    "closed": "secondary",
    "rejected": "secondary",
    "forwarded": "secondary",
    "duplicate": "secondary",
    "merged": "secondary",
}


def _span(seconds: int) -> str:
    """At most two units, the larger ones first: «2 дн. 4 ч», «5 ч 10 мин», «15 мин»."""
    minutes = seconds // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        parts = [_("%(n)d дн.") % {"n": days}]
        if hours:
            parts.append(_("%(n)d ч") % {"n": hours})
    elif hours:
        parts = [_("%(n)d ч") % {"n": hours}]
        if minutes:
            parts.append(_("%(n)d мин") % {"n": minutes})
    else:
        parts = [_("%(n)d мин") % {"n": minutes}]
    return " ".join(parts)


def time_left_text(deadline: datetime | None, now: datetime | None = None) -> str:
    """«осталось 2 дн. 4 ч», «осталось меньше минуты», «просрочено на 3 дн.»; empty without a deadline."""
    if deadline is None:
        return ""
    now = now or timezone.now()
    seconds = int((deadline - now).total_seconds())
    if seconds >= 0:
        if seconds < 60:
            return _("осталось меньше минуты")
        return _("осталось %(span)s") % {"span": _span(seconds)}
    seconds = -seconds
    if seconds < 60:
        return _("просрочено меньше минуты назад")
    return _("просрочено на %(span)s") % {"span": _span(seconds)}


@register.filter
def time_left(deadline, now=None):
    return time_left_text(deadline, now)


@register.filter
def deadline_tone(deadline, now=None) -> str:
    """danger when overdue, warning within a day, nothing otherwise."""
    if deadline is None:
        return ""
    now = now or timezone.now()
    seconds = (deadline - now).total_seconds()
    if seconds < 0:
        return "danger"
    if seconds < 24 * 3600:
        return "warning"
    return ""


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "secondary")
