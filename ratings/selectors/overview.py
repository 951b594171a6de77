"""The head's overview of all sectors (issue 4): every figure from the statistics rollups.

Four slices answer the page, each one grouped query over a rollup however many messages there
are: the period by sector and channel (the monthly rollup), the previous period by sector (the
daily rollup when it ends inside a month), the open messages now by sector and agency, and the
top agencies' period. A slice by two dimensions gives both margins, so the sectors' and the
agencies' open counts come from one query, as do the sectors' and the channels' period figures. "Now" figures (open, overdue) count open
messages of any registration date; period figures count the messages registered in the period,
whenever they were answered (cohorts, as everywhere in the statistics).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from cur.charts import ChartSpec
from feedback.models import OPEN_STATUSES
from ratings.periods import Period, percent_change, previous_period
from ratings.selectors.slices import SliceQuery, run_slice
from ratings.selectors.workload import Workload, staff_by_sector, workload
from ratings.stats.catalog import MEASURES, figure_of

TOP_AGENCIES = 10
OPEN = tuple(sorted(OPEN_STATUSES))
# Every sum the sector table reads, fetched in one pass.
PERIOD_FIGURES = ("on_time", "median_answer", "avg_rating", "rated_high", "reopened")
PERIOD_SUMS = tuple(dict.fromkeys(s for code in PERIOD_FIGURES for s in MEASURES[code].sums))


@dataclass
class SectorRow:
    """One line of the sectors table; the region's total is one too (sector_id None, is_total)."""

    sector_id: int | None
    name: str
    full_name: str
    received: int = 0
    received_before: int = 0
    open: int = 0
    overdue: int = 0
    on_time: float | None = None
    median_answer: float | None = None
    avg_rating: float | None = None
    rated_high: float | None = None
    reopened: float | None = None
    is_unclassified: bool = False
    is_total: bool = False

    @property
    def change(self) -> float | None:
        return percent_change(self.received, self.received_before)


@dataclass(frozen=True)
class ChannelRow:
    channel_id: int | None
    name: str
    received: int
    share: float | None


@dataclass(frozen=True)
class AgencyRow:
    agency_id: int
    name: str
    overdue: int
    open: int
    on_time: float | None


@dataclass
class Overview:
    period: Period
    previous: Period
    sectors: list[SectorRow]
    total: SectorRow
    on_time_before: float | None
    channels: list[ChannelRow]
    agencies: list[AgencyRow]
    sector_chart: ChartSpec
    channel_chart: ChartSpec
    workload: Workload | None = None

    @property
    def on_time_change(self) -> float | None:
        """Change of the on-time share in percentage points."""
        if self.total.on_time is None or self.on_time_before is None:
            return None
        return self.total.on_time - self.on_time_before


def _fill_period(row: SectorRow, sums: dict | None) -> None:
    sums = sums or {}
    row.received = sums.get("received", 0)
    for code in PERIOD_FIGURES:
        setattr(row, code, figure_of(code, sums))


def _sectors(keys) -> list[tuple[int, str, str]]:
    """(id, short name, full name) of the active sectors and of any other that has messages."""
    from sectors.models import Sector

    wanted = Q(is_active=True) | Q(id__in=[k for k in keys if k is not None])
    return list(Sector.objects.filter(wanted).order_by("order", "name").values_list("id", "short_name", "name"))


def _sector_rows(period_result, before_result, now_result) -> list[SectorRow]:
    keys = set(period_result.row_totals) | set(now_result.row_totals)
    rows = [SectorRow(sid, short or name, name) for sid, short, name in _sectors(keys)]
    if None in keys:
        rows.append(SectorRow(None, _("Не классифицировано"), _("Отраслевой блок ещё не определён"), is_unclassified=True))
    for row in rows:
        _fill_period(row, period_result.row_totals.get(row.sector_id))
        row.received_before = before_result.row_totals.get(row.sector_id, {}).get("received", 0)
        now = now_result.row_totals.get(row.sector_id, {})
        row.open, row.overdue = now.get("received", 0), now.get("overdue", 0)
    return rows


def _total_row(period_result, before_result, now_result) -> SectorRow:
    total = SectorRow(None, _("Всего по региону"), _("Всего по региону"), is_total=True)
    _fill_period(total, period_result.total)
    total.received_before = before_result.total.get("received", 0)
    total.open, total.overdue = now_result.total.get("received", 0), now_result.total.get("overdue", 0)
    return total


def _channel_rows(period_result) -> list[ChannelRow]:
    whole = period_result.total.get("received", 0)
    rows = []
    for key in period_result.col_keys:
        count = period_result.col_totals.get(key, {}).get("received", 0)
        if count:
            rows.append(ChannelRow(key, period_result.label("cols", key), count, 100.0 * count / whole if whole else None))
    return rows


def _agency_rows(now_result, period: Period) -> list[AgencyRow]:
    """The agencies with most overdue open messages, with their open count and on-time share."""
    ranked = sorted(
        ((key, sums) for key, sums in now_result.col_totals.items() if key is not None and sums.get("overdue")),
        key=lambda item: (-item[1]["overdue"], -item[1]["received"], now_result.label("cols", item[0])),
    )[:TOP_AGENCIES]
    if not ranked:
        return []
    ids = tuple(key for key, _sums in ranked)
    on_time = run_slice(SliceQuery(
        measure="on_time", rows="agency", filters={"agency": ids}, date_from=period.date_from, date_to=period.query_to,
    ))
    return [
        AgencyRow(key, now_result.label("cols", key), sums["overdue"], sums["received"], figure_of("on_time", on_time.row_totals.get(key)))
        for key, sums in ranked
    ]


def _charts(sectors: list[SectorRow], channels: list[ChannelRow]) -> tuple[ChartSpec, ChartSpec]:
    by_volume = sorted(sectors, key=lambda r: -r.received)
    sector_chart = ChartSpec(
        title=_("Поступило по отраслевым блокам"), type="hbar", labels=[str(r.name) for r in by_volume],
        datasets=[{"label": _("Поступило"), "data": [r.received for r in by_volume]}],
    )
    channel_chart = ChartSpec(
        title=_("Поступило по каналам"), type="hbar", labels=[str(r.name) for r in channels],
        datasets=[{"label": _("Поступило"), "data": [r.received for r in channels]}],
    )
    return sector_chart, channel_chart


def overview(period: Period, *, with_workload: bool = True) -> Overview:
    """Everything the overview page shows for a period; the staffing part only when asked for."""
    previous = previous_period(period)
    period_result = run_slice(SliceQuery(
        measure="count", rows="sector", cols="channel", date_from=period.date_from, date_to=period.query_to,
        extra_sums=PERIOD_SUMS,
    ))
    # The previous period may end inside a month: the daily rollup answers it with these sums.
    before_result = run_slice(SliceQuery(
        measure="on_time", rows="sector", date_from=previous.date_from, date_to=previous.query_to,
    ))
    now_result = run_slice(SliceQuery(
        measure="overdue", rows="sector", cols="agency", filters={"status": OPEN},
    ))
    sectors = _sector_rows(period_result, before_result, now_result)
    channels = _channel_rows(period_result)
    sector_chart, channel_chart = _charts(sectors, channels)
    result = Overview(
        period=period,
        previous=previous,
        sectors=sectors,
        total=_total_row(period_result, before_result, now_result),
        on_time_before=figure_of("on_time", before_result.total),
        channels=channels,
        agencies=_agency_rows(now_result, period),
        sector_chart=sector_chart,
        channel_chart=channel_chart,
    )
    if with_workload:
        staffed = [(row.sector_id, row.name) for row in sectors if row.sector_id is not None]
        result.workload = workload(staffed, {row.sector_id: row.received for row in sectors}, staff_by_sector())
    return result
