"""Reference data as an import names it: a channel also by the words of its name.

Exports write the channel the way their operators call it: «Телефон» or «горячая линия» for the
channel «Телефон / горячая линия». Only the import reads names this loosely; the REST API and the
web form keep `IntakeLookups`, which takes a code or the whole name, because a system sending
messages must name its channel exactly.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from feedback.forms.intake import IntakeLookups
from feedback.models import Channel

# A word this short («и», «на», «г») says nothing about which channel is meant.
_SIGNIFICANT = 3


def name_words(value) -> list[str]:
    """«Телефон / горячая линия» → ["телефон", "горячая", "линия"]; case, «ё» and punctuation never count."""
    return re.findall(r"[^\W_]+", str(value).casefold().replace("ё", "е"))


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


class ImportLookups(IntakeLookups):
    """IntakeLookups for an import: a channel is found by its code, its name, or words of its name."""

    def channel(self, value) -> Channel:
        try:
            return super().channel(value)
        except ValidationError:
            found = self._channel_by_words(value)
            if found is None:
                raise
            return found

    def _channel_by_words(self, value) -> Channel | None:
        wanted = name_words(value)
        if not any(len(word) >= _SIGNIFICANT for word in wanted):
            return None
        channels = {c.pk: c for c in (self._channels or {}).values()}.values()
        found = [c for c in channels if _contains(name_words(c.name), wanted)]
        if len(found) > 1:
            found = [c for c in found if c.is_active] or found
        if len(found) > 1:
            found.sort(key=lambda c: (c.order, c.name, c.code))
            names = ", ".join(f"«{c.name}» ({c.code})" for c in found[:-1]) + f" и «{found[-1].name}» ({found[-1].code})"
            raise ValidationError(
                f"Канал «{value}» неоднозначен: подходят каналы {names}; укажите код канала.",
                code="ambiguous_channel",
            )
        return found[0] if found else None
