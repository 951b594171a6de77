"""Ids typed or sent by people and systems: ASCII digits only, within PostgreSQL's bigint.

str.isdigit() is true for «²» and «①», which int() refuses, and for twenty digits, which the
database refuses: either way a request would end in a server error instead of «not found».
"""

from __future__ import annotations

import re

_ID = re.compile(r"[0-9]{1,18}")


def as_id(text: str | None) -> int | None:
    """The number `text` spells (surrounding spaces allowed), or None."""
    if text is None:
        return None
    text = text.strip()
    return int(text) if _ID.fullmatch(text) else None
