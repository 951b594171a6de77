"""Statistical slices: sums of the rollups (or of the messages) by up to two dimensions.

Every figure on the dashboards and the slices page comes from here. A slice is answered from the
smallest source that can: the sector lattices (per sector and month by one dimension at a time;
per sector and day in total or by category or municipality), the monthly rollup (every dimension,
month-aligned periods), the daily rollup (days and weeks by sector, category and municipality)
or, failing all, the messages themselves with the same SQL expressions the rollups are built
from, so they all agree to the message. The database adds the rows up; Python only turns sums into figures.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from ratings.services.stats import stats_fold
from ratings.stats.catalog import DAILY_SUMS, DIMENSIONS, FILTER_DIMENSIONS, MEASURES, Dimension, Measure
from ratings.stats.definitions import MONTHLY_MEASURES, TZ_SETTING
from ratings.stats.fold_scope import fold_needed

SECTOR_DAY = "sector_day"
SECTOR_DAY_DIM = "sector_day_dim"
SECTOR_MONTH = "sector_month"
MONTHLY = "monthly"
DAILY = "daily"
DIRECT = "direct"
# From the smallest to the largest: the first that can answer a query does.
SOURCES = (SECTOR_DAY, SECTOR_MONTH, SECTOR_DAY_DIM, MONTHLY, DAILY, DIRECT)
# The lattices keep one dimension at a time as (dim, value), its value as text.
_LATTICES = {SECTOR_MONTH, SECTOR_DAY_DIM}
_TABLES = {
    SECTOR_DAY: "ratings_sectordaystat t", SECTOR_MONTH: "ratings_sectormonthstat t",
    SECTOR_DAY_DIM: "ratings_sectordaydimstat t",
    MONTHLY: "ratings_monthlystat t", DAILY: "ratings_dailystat t", DIRECT: "feedback_message r",
}
_TIME = {"day", "week", "month"}
_DIRECT_SUMS = dict(MONTHLY_MEASURES)
# A time axis is filled with every day/week/month of the period, up to this many points.
MAX_TIME_KEYS = 800


@dataclass(frozen=True)
class SliceQuery:
    measure: str = "count"
    rows: str | None = None
    cols: str | None = None
    # dimension code → the values kept (ids, or status codes)
    filters: dict[str, tuple] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    # extra sums to fetch besides the measure's (dashboards read several figures at once)
    extra_sums: tuple[str, ...] = ()

    @property
    def dimensions(self) -> list[Dimension]:
        return [DIMENSIONS[d] for d in (self.rows, self.cols) if d]

    @property
    def sums(self) -> tuple[str, ...]:
        # The count comes always: it orders the keys, and a rollup row whose messages all moved
        # elsewhere (received 0) is left out.
        needed = ["received", *MEASURES[self.measure].sums, *self.extra_sums]
        return tuple(dict.fromkeys(needed))

    def month_aligned(self) -> bool:
        starts = self.date_from is None or self.date_from.day == 1
        # A period running to today ends with its month too: nothing is registered in the future.
        ends = (
            self.date_to is None
            or self.date_to.day == calendar.monthrange(self.date_to.year, self.date_to.month)[1]
            or self.date_to >= timezone.localdate()
        )
        return starts and ends


def lattice_dimension(query: SliceQuery) -> str | None:
    """The one dimension besides sector and time a query uses ('' for none), or None for more."""
    used = {d.code for d in query.dimensions} | set(query.filters)
    others = used - _TIME - {"sector"}
    if len(others) > 1:
        return None
    return next(iter(others), "")


def source_for(query: SliceQuery) -> str:
    """The smallest source that holds every dimension, filter and sum the query needs."""
    dims = query.dimensions
    codes = {d.code for d in dims} | set(query.filters)
    daily_sums = set(query.sums) <= DAILY_SUMS
    if codes <= _TIME | {"sector"} and daily_sums:
        return SECTOR_DAY
    fine_time = bool(codes & {"day", "week"})
    if not fine_time and query.month_aligned():
        return SECTOR_MONTH if lattice_dimension(query) is not None else MONTHLY
    daily_dims = all(d.daily for d in dims) and all(DIMENSIONS[f].daily for f in query.filters)
    if daily_dims and daily_sums:
        return SECTOR_DAY_DIM if lattice_dimension(query) else DAILY
    return DIRECT


def _column(code: str, source: str) -> str:
    """The SQL of a dimension over a source (the lattice keeps values as text: ids are cast back)."""
    dimension = DIMENSIONS[code]
    if source in _LATTICES and code not in _TIME and code != "sector":
        return "t.value" if code == "status" else "t.value::int"
    if source == SECTOR_MONTH:
        return dimension.monthly
    if source in (SECTOR_DAY, SECTOR_DAY_DIM, DAILY):
        return dimension.daily
    return dimension.direct if source == DIRECT else dimension.monthly


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _where(query: SliceQuery, source: str, sector_scope: frozenset[int] | None) -> tuple[list[str], list]:
    alias = "r" if source == DIRECT else "t"
    clauses, params = [], []
    for code, values in query.filters.items():
        if code not in FILTER_DIMENSIONS:
            raise ValueError(f"нельзя отбирать по «{code}»")
        clauses.append(f"{_column(code, source)} = ANY(%s)")
        params.append(list(values))
    if sector_scope is not None:
        clauses.append(f"{alias}.sector_id = ANY(%s)")
        params.append(sorted(sector_scope))
    if source in _LATTICES:
        clauses.append("t.dim = %s")
        params.append(lattice_dimension(query))
    if source in (MONTHLY, SECTOR_MONTH):
        if query.date_from:
            clauses.append("t.month >= %s")
            params.append(query.date_from.replace(day=1))
        if query.date_to:
            clauses.append("t.month <= %s")
            params.append(query.date_to.replace(day=1))
    elif source in (DAILY, SECTOR_DAY, SECTOR_DAY_DIM):
        if query.date_from:
            clauses.append("t.day >= %s")
            params.append(query.date_from)
        if query.date_to:
            clauses.append("t.day <= %s")
            params.append(query.date_to)
    else:
        if query.date_from:
            clauses.append("r.registered_at >= %s")
            params.append(_local_midnight(query.date_from))
        if query.date_to:
            clauses.append("r.registered_at < %s")
            params.append(_local_midnight(query.date_to + timedelta(days=1)))
    return clauses or ["TRUE"], params


def slice_sql(query: SliceQuery, source: str, sector_scope: frozenset[int] | None = None) -> tuple[str, list]:
    """The SQL of a slice over one source: a row per combination of the dimensions' values."""
    dims = query.dimensions
    keys = []
    for d in dims:
        expr = _column(d.code, source)
        if expr is None:
            raise ValueError(f"{source} не содержит «{d.code}»")
        keys.append(expr)
    if source == DIRECT:
        sums = [f"sum({_DIRECT_SUMS[s]})::bigint" for s in query.sums]
    else:
        sums = [f"sum(t.{s})::bigint" for s in query.sums]
    where, params = _where(query, source, sector_scope)
    select = ", ".join(keys + sums)
    group = f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}" if keys else ""
    sql = f"SELECT {select} FROM {_TABLES[source]} WHERE {' AND '.join(where)}{group}"
    if source == DIRECT:
        sql = sql.replace("{tz}", TZ_SETTING)
    return sql, params


@dataclass
class SliceResult:
    query: SliceQuery
    source: str
    row_keys: list
    col_keys: list
    cells: dict[tuple, dict]
    row_totals: dict
    col_totals: dict
    total: dict
    labels: dict[str, dict]

    @property
    def measure(self) -> Measure:
        return MEASURES[self.query.measure]

    def figure(self, sums: dict | None) -> float | int | None:
        if not sums:
            return 0 if self.measure.unit == "count" else None
        return self.measure.figure(sums)

    def value(self, row=None, col=None):
        return self.figure(self.cells.get((row, col)))

    def label(self, axis: str, key) -> str:
        code = self.query.rows if axis == "rows" else self.query.cols
        return self.labels.get(code, {}).get(key, str(key))


def _add(into: dict, sums: dict) -> None:
    for name, value in sums.items():
        into[name] = into.get(name, 0) + value


def _time_keys(code: str, found: Iterable, query: SliceQuery) -> list[date]:
    found = [k for k in found if k is not None]
    start = query.date_from or (min(found) if found else None)
    end = query.date_to or (max(found) if found else None)
    if start is None or end is None:
        return sorted(found)
    if code == "month":
        start, step = start.replace(day=1), None
    elif code == "week":
        start, step = start - timedelta(days=start.weekday()), timedelta(days=7)
    else:
        step = timedelta(days=1)
    keys, current = [], start
    while current <= end and len(keys) < MAX_TIME_KEYS:
        keys.append(current)
        if step is None:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            current += step
    return sorted(set(keys) | set(found))


def _ordered_keys(code: str | None, totals: dict, query: SliceQuery) -> list:
    if code is None:
        return [None]
    if DIMENSIONS[code].is_time:
        return _time_keys(code, totals, query)
    # Largest first: the reader looks for where the messages are.
    return sorted(totals, key=lambda k: (-totals[k].get("received", 0), k is None, str(k)))


def run_slice(query: SliceQuery, *, sector_scope: frozenset[int] | None = None, source: str | None = None) -> SliceResult:
    """Run a slice for a reader limited to `sector_scope` (None: the whole region)."""
    from ratings.selectors.labels import labels_for

    if query.measure not in MEASURES:
        raise ValueError(f"неизвестный показатель «{query.measure}»")
    source = source or source_for(query)
    if source != DIRECT and fold_needed():
        # The rollups with every change committed so far (the message triggers only log them).
        stats_fold(wait=False)
    sql, params = slice_sql(query, source, sector_scope)
    ndims = len(query.dimensions)
    cells: dict[tuple, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            keys, values = row[:ndims], row[ndims:]
            sums = {name: int(v or 0) for name, v in zip(query.sums, values, strict=True)}
            if not sums["received"]:
                continue
            if query.rows and query.cols:
                key = (keys[0], keys[1])
            elif query.rows:
                key = (keys[0], None)
            elif query.cols:
                key = (None, keys[0])
            else:
                key = (None, None)
            _add(cells.setdefault(key, {}), sums)
    row_totals: dict = {}
    col_totals: dict = {}
    total: dict = {}
    for (r, c), sums in cells.items():
        _add(row_totals.setdefault(r, {}), sums)
        _add(col_totals.setdefault(c, {}), sums)
        _add(total, sums)
    row_keys = _ordered_keys(query.rows, row_totals, query)
    col_keys = _ordered_keys(query.cols, col_totals, query)
    labels = {code: labels_for(code, keys) for code, keys in ((query.rows, row_keys), (query.cols, col_keys)) if code}
    return SliceResult(query, source, row_keys, col_keys, cells, row_totals, col_totals, total, labels)
