"""Residents' text on a page: escaped, then every direction control or invisible character shown
as a visible marker instead of acting (cur.untrusted_text)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from cur.untrusted_text import BIDI_AND_INVISIBLE, XML_FORBIDDEN, marker_name

register = template.Library()

_SHOWN = re.compile(f"{BIDI_AND_INVISIBLE.pattern}|{XML_FORBIDDEN.pattern}")


def _marker(match: re.Match) -> str:
    name = marker_name(match.group())
    return format_html(
        '<span class="cur-control-char" title="{}">{}</span>',
        f"Скрытый управляющий символ {name} в тексте жителя: показан, а не применён", name,
    )


@register.filter(needs_autoescape=True)
def visible_controls(value, autoescape=True):
    """Use on every piece of a resident's text (after truncation, before linebreaksbr)."""
    text = conditional_escape(value) if autoescape else str(value)
    if not _SHOWN.search(text):
        return text
    return mark_safe(_SHOWN.sub(_marker, text))  # noqa: S308 - the text was escaped above
