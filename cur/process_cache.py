"""Reference data a process keeps for a few seconds instead of reading it on every request.

The intake reads the same small tables on every delivery: deadline policies and the calendar,
kinds, channels and municipalities, the caller's API token. Reading them costs more than the rest
of a single-message request, and they change a few times a year. Each process keeps them for
`TTL` seconds; a change saved in this process (admin, services) forgets them at once
(feedback.apps connects the models), other processes see it within `TTL`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

TTL = 10.0

T = TypeVar("T")
_entries: dict[str, tuple[float, object]] = {}


def remembered(name: str, load: Callable[[], T], ttl: float = TTL) -> T:
    """The value kept under `name`, loaded anew when missing or older than `ttl` seconds.

    Two threads may both load a missing value; the loads are read-only, so either result will do.
    `load` must return a complete value: nothing is filled in after it is published.
    """
    now = time.monotonic()
    entry = _entries.get(name)
    if entry is not None and entry[0] > now:
        return entry[1]  # type: ignore[return-value]
    value = load()
    _entries[name] = (now + ttl, value)
    return value


def forget(name: str) -> None:
    _entries.pop(name, None)


def forget_all(*_args, **_kwargs) -> None:
    """Drop everything (also a signal receiver: any reference table saved)."""
    _entries.clear()
