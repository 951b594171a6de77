"""{% load cur_numbers %}: the portal's Russian number formats (cur.number_format) as template filters."""

from django import template

from cur import number_format

register = template.Library()

for _name in ("ru_int", "ru_percent", "ru_hours", "ru_score", "ru_change", "change_tone"):
    register.filter(_name, getattr(number_format, _name))
