"""Workload of the sector blocks (Положение, п.13.8: «учёт уровня занятости по отраслевым блокам»,
«предложения по кадровому составу»).

The staff of a block are the active officials holding a sector-scoped role (руководитель or
ответственный за отраслевой блок) for it. A person covering two blocks counts fully in each: the
Положение gives no rule to split a person, and halving him would hide that both blocks lean on
one man. A block is short of staff when its messages per person exceed the region's usual load
(the median over the staffed blocks) by more than half; the suggestion is how many people would
bring it to that usual load.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count

from cur.roles import SECTOR_SCOPED

# Load per person above this multiple of the region's median is reported as a shortage.
SHORTAGE_FACTOR = 1.5


@dataclass(frozen=True)
class WorkloadRow:
    sector_id: int
    name: str
    staff: int
    received: int
    per_person: float | None
    # People to add to reach the region's median load; 0 when the block copes.
    needed: int = 0

    @property
    def no_staff(self) -> bool:
        return self.staff == 0

    @property
    def short(self) -> bool:
        return self.needed > 0


@dataclass(frozen=True)
class Workload:
    rows: list[WorkloadRow]
    median_load: float | None
    threshold: float | None

    @property
    def warnings(self) -> list[WorkloadRow]:
        return [row for row in self.rows if row.no_staff or row.short]


def staff_by_sector() -> dict[int, int]:
    """Sector id → distinct active officials holding a sector-scoped role for it (one query)."""
    from sectors.models import RoleAssignment

    rows = (
        RoleAssignment.objects.filter(role__code__in=SECTOR_SCOPED, official__is_active=True, sectors__isnull=False)
        .values("sectors")
        .annotate(staff=Count("official", distinct=True))
        .order_by()
    )
    return {row["sectors"]: row["staff"] for row in rows}


def workload(sectors: Iterable[tuple[int, str]], received: Mapping[int, int], staff: Mapping[int, int]) -> Workload:
    """The load of each block from its messages in the period and its staff, with the shortages."""
    loads = {sid: received.get(sid, 0) / staff[sid] for sid, _name in sectors if staff.get(sid)}
    median_load = statistics.median(loads.values()) if loads else None
    threshold = median_load * SHORTAGE_FACTOR if median_load else None
    rows = []
    for sid, name in sectors:
        people, count = staff.get(sid, 0), received.get(sid, 0)
        needed = 0
        if people and threshold is not None and loads[sid] > threshold:
            needed = math.ceil(count / median_load) - people
        rows.append(WorkloadRow(sid, name, people, count, loads.get(sid), needed))
    return Workload(rows, median_load, threshold)
