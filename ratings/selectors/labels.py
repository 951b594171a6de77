"""Names of the values of a slice's dimension, read once per slice for the keys it shows."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from feedback.models import Channel, MessageKind, MessageStatus
from sectors.models import Agency, Category, Municipality, Sector

MONTHS = (
    "", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)


def month_label(day: date) -> str:
    return f"{_(MONTHS[day.month])} {day.year}"


def _names(code: str, ids: list) -> dict:
    if code == "sector":
        return dict(Sector.objects.filter(pk__in=ids).values_list("id", "name"))
    if code == "category":
        rows = Category.objects.filter(pk__in=ids).values_list("id", "name", "parent__name")
        return {pk: f"{parent} / {name}" if parent else name for pk, name, parent in rows}
    if code == "municipality":
        return dict(Municipality.objects.filter(pk__in=ids).values_list("id", "name"))
    if code == "agency":
        return {pk: short or name for pk, name, short in Agency.objects.filter(pk__in=ids).values_list("id", "name", "short_name")}
    if code == "channel":
        return dict(Channel.objects.filter(pk__in=ids).values_list("id", "name"))
    if code == "kind":
        return dict(MessageKind.objects.filter(pk__in=ids).values_list("id", "name"))
    return {}


def labels_for(code: str, keys: list) -> dict:
    """key → what the reader sees: a name, a state, a date ДД.ММ.ГГГГ, a month in words."""
    labels: dict = {None: _("не указано")}
    if code == "status":
        labels.update({value: str(label) for value, label in MessageStatus.choices})
    elif code == "month":
        labels.update({k: month_label(k) for k in keys if k})
    elif code == "week":
        labels.update({k: _("неделя с %(day)s") % {"day": formats.date_format(k, "d.m.Y")} for k in keys if k})
    elif code == "day":
        labels.update({k: formats.date_format(k, "d.m.Y") for k in keys if k})
    else:
        labels.update(_names(code, [k for k in keys if k is not None]))
    return labels
