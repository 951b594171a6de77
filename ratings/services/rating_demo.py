"""The first ratings of a new installation: the last full months, computed at once (seconds at 30k messages)."""

from __future__ import annotations

from django.utils import timezone

from feedback.models import Message
from ratings.models import RatingRun
from ratings.periods import add_months
from ratings.services.ratings import rating_compute

RATED_MONTHS = 6


def ratings_fill_once() -> bool:
    """Rates the last RATED_MONTHS full months, oldest first (each compares with the one before),
    only while no rating exists at all: running setup again adds nothing."""
    if RatingRun.objects.exists() or not Message.objects.exists():
        return False
    last = add_months(timezone.localdate().replace(day=1), -1)
    for back in range(RATED_MONTHS - 1, -1, -1):
        rating_compute(month=add_months(last, -back), run_now=True)
    return True
