"""`{% message_tone message as tone %}`: the tone lexicon's reading of a message for its card —
the flags and the words that raised them (obscene words are not repeated)."""

from __future__ import annotations

from django import template

from feedback.classifier.tone import analyse
from feedback.models import ToneFlag

register = template.Library()


@register.simple_tag
def message_tone(message) -> dict | None:
    if not getattr(message, "text", ""):
        return None
    found = analyse(message.text)
    if not found.flags:
        return None
    return {"labels": [str(ToneFlag(code).label) for code in found.flags], "found": list(found.found)}
