"""The moments «today», «this week», «this month» and «soon» are counted from, in the region's time zone.

The home page, the queue's deadline filters and the sector dashboard all count from the same
midnights, so their figures agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

# «Срок в ближайшие N дней»: today and the next two days.
SOON_DAYS = 3


@dataclass(frozen=True)
class Period:
    """Moments the home page, the queue and the dashboards count from, in the region's time zone."""

    now: datetime
    today_start: datetime
    tomorrow_start: datetime
    week_start: datetime
    month_start: datetime
    soon_end: datetime

    @classmethod
    def at(cls, now: datetime | None = None) -> Period:
        now = now or timezone.now()
        local = timezone.localtime(now)
        today = local.replace(hour=0, minute=0, second=0, microsecond=0)
        tz = local.tzinfo

        def midnight(day):
            # Rebuild from the date so a DST change between the two days does not shift the hour.
            return datetime(day.year, day.month, day.day, tzinfo=tz)

        return cls(
            now=now,
            today_start=today,
            tomorrow_start=midnight(today.date() + timedelta(days=1)),
            week_start=midnight(today.date() - timedelta(days=today.weekday())),
            month_start=midnight(today.date().replace(day=1)),
            soon_end=midnight(today.date() + timedelta(days=SOON_DAYS)),
        )
