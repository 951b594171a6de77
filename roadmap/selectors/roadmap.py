"""Reads of the ЦУР's roadmap: the year's items, completion (weighted) overall and per
responsible, and the months of the timeline view.

Completion is the share of weight done among the items that count: a cancelled item does not
count either way. Weights let a big item (an agreement signed, a system integrated) weigh more
than a small one, as the ministry's 2020 ranking of regions by roadmap completion did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from roadmap.models import ItemState, RoadmapItem, RoadmapVersion

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


@dataclass
class Completion:
    weight_done: int = 0
    weight_total: int = 0
    items_done: int = 0
    items_total: int = 0
    overdue: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.weight_done / self.weight_total, 1) if self.weight_total else None


@dataclass
class ResponsibleRow:
    name: str
    official_id: int
    completion: Completion = field(default_factory=Completion)


def _aggregates(today: date) -> dict:
    counted = ~Q(state=ItemState.CANCELLED)
    done = Q(state=ItemState.DONE)
    return {
        "weight_total": Sum("weight", filter=counted, default=0),
        "weight_done": Sum("weight", filter=done, default=0),
        "items_total": Count("id", filter=counted),
        "items_done": Count("id", filter=done),
        "overdue": Count("id", filter=counted & ~done & Q(deadline__lt=today)),
    }


def completion(version: RoadmapVersion, today: date | None = None) -> Completion:
    today = today or timezone.localdate()
    return Completion(**RoadmapItem.objects.filter(version=version).aggregate(**_aggregates(today)))


def completion_by_responsible(version: RoadmapVersion, today: date | None = None) -> list[ResponsibleRow]:
    today = today or timezone.localdate()
    rows = (
        RoadmapItem.objects.filter(version=version)
        .values("responsible_id", "responsible__full_name")
        .annotate(**_aggregates(today))
        .order_by("responsible__full_name")
    )
    return [
        ResponsibleRow(
            r["responsible__full_name"], r["responsible_id"],
            Completion(r["weight_done"], r["weight_total"], r["items_done"], r["items_total"], r["overdue"]),
        )
        for r in rows
    ]


def roadmap_items(version: RoadmapVersion) -> list[RoadmapItem]:
    today = timezone.localdate()
    items = list(version.items.select_related("responsible", "responsible__user").order_by("order", "deadline", "id"))
    for item in items:
        item.is_overdue = item.state not in (ItemState.DONE, ItemState.CANCELLED) and item.deadline < today
    return items


@dataclass(frozen=True)
class Bar:
    item: RoadmapItem
    left: float  # percent of the year's width
    width: float
    deadline_in_year: bool


def timeline_bars(version: RoadmapVersion, items: list[RoadmapItem]) -> list[Bar]:
    """Each item as a bar across the year: from its start (or 1 January) to its deadline."""
    year_start, year_end = date(version.year, 1, 1), date(version.year, 12, 31)
    days = (year_end - year_start).days + 1
    bars = []
    for item in items:
        start = max(item.start_date or year_start, year_start)
        end = min(item.deadline, year_end)
        if end < start:
            start = end
        left = 100 * (start - year_start).days / days
        width = max(100 * ((end - start).days + 1) / days, 0.8)
        bars.append(Bar(item, round(left, 2), round(width, 2), year_start <= item.deadline <= year_end))
    return bars


def today_marker(version: RoadmapVersion) -> float | None:
    today = timezone.localdate()
    if today.year != version.year:
        return None
    return round(100 * (today - date(version.year, 1, 1)).days / (366 if version.year % 4 == 0 else 365), 2)
