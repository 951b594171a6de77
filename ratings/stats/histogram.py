"""Medians read off counts per interval of hours (ratings.stats.definitions.HOUR_EDGES).

Within the interval that holds the middle answer, answers are taken as spread evenly, so the
estimate is off by at most the width of that interval (an hour for quick answers, a few days for
month-long ones); the same counts give the same median whether they come from the rollup or
straight from the messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from ratings.stats.definitions import BUCKETS, HOUR_EDGES


def median_hours(counts: Sequence[int]) -> float | None:
    """The median in hours of the values counted per interval, or None when nothing was counted."""
    if len(counts) != BUCKETS:
        raise ValueError(f"ожидалось {BUCKETS} интервалов, получено {len(counts)}")
    total = sum(counts)
    if total <= 0:
        return None
    middle = total / 2
    seen = 0
    for k, count in enumerate(counts):
        if count <= 0:
            continue
        if seen + count >= middle:
            low = HOUR_EDGES[k - 1] if k else 0
            if k == len(HOUR_EDGES):
                # The open last interval (two months and more) has no upper edge to spread over.
                return float(low)
            return low + (middle - seen) / count * (HOUR_EDGES[k] - low)
        seen += count
    return float(HOUR_EDGES[-1])


def bucket_of(hours: float) -> int:
    """The interval a duration falls in, as the SQL width_bucket of the rollup puts it."""
    k = 0
    for edge in HOUR_EDGES:
        if hours >= edge:
            k += 1
        else:
            break
    return k
