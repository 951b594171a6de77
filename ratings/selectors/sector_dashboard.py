"""The sector dashboard (DESIGN.md §1, Положение п.6.1): a sector block's picture for its lead.

Every figure is a sum of the statistics rollups (ratings.selectors.slices), which the database
trigger keeps current, so the page costs the same at 10M messages as at 10k: about twenty small
grouped queries over the rows of the reader's sectors. Only "due soon" reads the messages, through
the partial index of open messages by sector and deadline.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cur.access import access_for
from cur.charts import ChartSpec
from cur.moments import Period as Moments
from cur.roles import SECTOR_SCOPED
from feedback.models import OPEN_STATUSES, MassProblem, Message
from ratings.charts import chart_for
from ratings.periods import Period, percent_change, period_from_key, previous_period
from ratings.selectors.scope import check_sectors_in_scope, statistics_scope
from ratings.selectors.slices import SliceQuery, SliceResult, run_slice
from ratings.stats.catalog import MEASURES, figure_of
from sectors.models import Category, Sector

OPEN = tuple(sorted(OPEN_STATUSES))
TOP_CATEGORIES = 10
# «Прочие по направлению» among this many largest categories must be decomposed (Положение, раздел V).
OTHER_TOP = 5
# ... and holds at least this share of the block's messages: among five categories any one is "top".
OTHER_MIN_SHARE = 10.0
TOP_PLACES = 15
TREND_DAYS = 30
TREND_WEEKS = 26
# A category grows sharply in a municipality: at least this many messages in the last 7 days and
# at least GROWTH_RATIO times its weekly average over the 28 days before.
GROWTH_MIN = 5
GROWTH_RATIO = 2.0
KPI_SUMS = (
    "answered", "answered_on_time", "responded", "rating_sum", "rated", "rated_high", "reopened",
    *MEASURES["median_answer"].sums, *MEASURES["median_response"].sums,
)


def _ddmmyyyy(day: date) -> str:
    return formats.date_format(day, "d.m.Y")


@dataclass
class Row:
    key: int | None
    name: str
    count: int
    previous: int | None = None
    on_time: float | None = None
    overdue: int = 0
    open: int = 0
    share: float | None = None
    is_other: bool = False
    url: str = ""

    @property
    def change(self) -> float | None:
        return percent_change(self.count, self.previous or 0)


@dataclass
class Alert:
    kind: str  # "growth" | "mass"
    text: str
    url: str = ""


@dataclass
class SectorDashboard:
    sectors: list[tuple[int, str]]
    choices: list[tuple[int, str]]
    selected: int | None
    period: Period
    previous: Period
    now: datetime
    reads_messages: bool
    tiles: dict[str, int] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    kpi: dict[str, float | int | None] = field(default_factory=dict)
    kpi_previous: dict[str, float | int | None] = field(default_factory=dict)
    categories: list[Row] = field(default_factory=list)
    other: Row | None = None
    municipalities: list[Row] = field(default_factory=list)
    agencies: list[Row] = field(default_factory=list)
    daily_chart: ChartSpec | None = None
    weekly_chart: ChartSpec | None = None
    alerts: list[Alert] = field(default_factory=list)

    @property
    def title(self) -> str:
        return ", ".join(name for _, name in self.sectors)

    @property
    def sector_ids(self) -> tuple[int, ...]:
        return tuple(pk for pk, _ in self.sectors)


def dashboard_sectors(user, requested: int | None) -> tuple[list[tuple[int, str]], list[tuple[int, str]], int | None]:
    """(the sectors shown, the sectors the user may pick, the picked one or None for all his).

    A sector lead sees his sectors, together or one at a time; another sector is refused (403).
    Readers of the whole region pick any sector and start with the first.
    """
    scope = statistics_scope(user)
    everything = list(Sector.objects.filter(is_active=True).order_by("order", "name").values_list("id", "name"))
    choices = everything if scope is None else [(pk, name) for pk, name in everything if pk in scope]
    if requested is not None:
        check_sectors_in_scope(scope, [requested])
        chosen = [(pk, name) for pk, name in everything if pk == requested]
        if not chosen:
            raise PermissionDenied(_("Такого отраслевого блока нет."))
        return chosen, choices, requested
    if not choices:
        raise PermissionDenied(_("Нет ни одного отраслевого блока, доступного вам."))
    if scope is None:
        return choices[:1], choices, choices[0][0]
    return choices, choices, None


def _reads_messages(user, sector_ids) -> bool:
    """Whether the figures may link to the messages behind them (the governor's office may not)."""
    access = access_for(user)
    return access.reads_all_messages or bool(access.roles & SECTOR_SCOPED and set(sector_ids) <= access.sector_ids)


def _queue_url(sector_ids, period: Period | None = None, **filters) -> str:
    params: list[tuple[str, object]] = [("sector", pk) for pk in sector_ids]
    if period is not None:
        params += [("closed", 1), ("registered_from", _ddmmyyyy(period.date_from)), ("registered_to", _ddmmyyyy(period.date_to))]
    params += [(k, v) for k, v in filters.items() if v is not None]
    return f"{reverse('feedback:queue')}?{urlencode(params)}"


def sector_dashboard(user, *, sector: int | None = None, period_key: str | None = None, now: datetime | None = None) -> SectorDashboard:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sectors, choices, selected = dashboard_sectors(user, sector)
    period = period_from_key(period_key, today)
    page = SectorDashboard(
        sectors=sectors, choices=choices, selected=selected, period=period, previous=previous_period(period), now=now,
        reads_messages=_reads_messages(user, [pk for pk, _ in sectors]),
    )
    ids = page.sector_ids
    scope = {"sector": ids}
    moments = Moments.at(now)
    # One read of the days serves the intake tiles (this week, this month) and the 30-day chart.
    first_day = min(today - timedelta(days=TREND_DAYS - 1), moments.week_start.date(), moments.month_start.date())
    daily = run_slice(SliceQuery(rows="day", filters=scope, date_from=first_day, date_to=today))
    _fill_tiles(page, scope, moments, today, daily)
    _fill_kpi(page, scope)
    _fill_categories(page, scope)
    _fill_places(page, scope)
    _fill_trends(page, scope, today, daily)
    _fill_alerts(page, scope, today)
    return page


def _fill_tiles(page: SectorDashboard, scope: dict, moments: Moments, today: date, daily: SliceResult) -> None:
    now = moments.now
    week_start, month_start = moments.week_start.date(), moments.month_start.date()
    received = {day: sums["received"] for (day, _), sums in daily.cells.items()}
    page.tiles["today"] = received.get(today, 0)
    page.tiles["week"] = sum(v for d, v in received.items() if d >= week_start)
    page.tiles["month"] = sum(v for d, v in received.items() if d >= month_start)
    open_now = run_slice(SliceQuery(filters={**scope, "status": OPEN}, extra_sums=("overdue",)))
    page.tiles["open"] = open_now.total.get("received", 0)
    page.tiles["overdue"] = open_now.total.get("overdue", 0)
    page.tiles["due_soon"] = Message.objects.filter(
        sector_id__in=page.sector_ids, status__in=OPEN, deadline_at__gte=now, deadline_at__lt=moments.soon_end
    ).count()
    ids = page.sector_ids
    page.links = {
        "open": _queue_url(ids),
        "overdue": _queue_url(ids, due="overdue"),
        "due_soon": _queue_url(ids, due="soon"),
        "today": _queue_url(ids, closed=1, registered_from=_ddmmyyyy(today)),
        "week": _queue_url(ids, closed=1, registered_from=_ddmmyyyy(week_start)),
        "month": _queue_url(ids, closed=1, registered_from=_ddmmyyyy(month_start)),
        "period": _queue_url(ids, page.period),
    }


def _kpi_from(sums: dict) -> dict:
    figures = {code: figure_of(code, sums) for code in ("on_time", "median_answer", "median_response", "avg_rating", "rated_high", "reopened")}
    figures["received"] = sums.get("received", 0)
    figures["answered"] = sums.get("answered", 0)
    return figures


def _fill_kpi(page: SectorDashboard, scope: dict) -> None:
    now = run_slice(SliceQuery(filters=scope, date_from=page.period.date_from, date_to=page.period.date_to, extra_sums=KPI_SUMS))
    page.kpi = _kpi_from(now.total)
    # The previous period may end inside a month: the daily rollup answers what it holds.
    before = run_slice(SliceQuery(measure="on_time", filters=scope, date_from=page.previous.date_from, date_to=page.previous.date_to))
    page.kpi_previous = {"received": before.total.get("received", 0), "answered": before.total.get("answered", 0),
                         "on_time": figure_of("on_time", before.total)}
    previous = page.kpi_previous["received"]
    page.kpi["received_change"] = percent_change(page.kpi["received"], previous)


def _fill_categories(page: SectorDashboard, scope: dict) -> None:
    period, previous = page.period, page.previous
    now = run_slice(SliceQuery(rows="category", filters=scope, date_from=period.date_from, date_to=period.date_to))
    before = run_slice(SliceQuery(rows="category", filters=scope, date_from=previous.date_from, date_to=previous.date_to))
    total = now.total.get("received", 0)
    others = set(Category.objects.filter(is_other=True, sector_id__in=page.sector_ids).values_list("id", flat=True))
    rows = []
    for key in now.row_keys:
        count = now.row_totals[key]["received"]
        rows.append(Row(
            key=key, name=now.label("rows", key), count=count,
            previous=before.row_totals.get(key, {}).get("received", 0), share=100.0 * count / total if total else None,
            is_other=key in others, url=_queue_url(page.sector_ids, period, category=key) if key else "",
        ))
    page.categories = rows[:TOP_CATEGORIES]
    page.other = next((r for r in rows[:OTHER_TOP] if r.is_other and (r.share or 0) >= OTHER_MIN_SHARE), None)


def _fill_places(page: SectorDashboard, scope: dict) -> None:
    period = page.period
    sums = ("answered", "answered_on_time", "overdue")
    for code, target in (("municipality", page.municipalities), ("agency", page.agencies)):
        result = run_slice(SliceQuery(rows=code, filters=scope, date_from=period.date_from, date_to=period.date_to, extra_sums=sums))
        for key in result.row_keys[:TOP_PLACES]:
            totals = result.row_totals[key]
            target.append(Row(
                key=key, name=result.label("rows", key), count=totals["received"], overdue=totals["overdue"],
                on_time=MEASURES["on_time"].figure(totals), share=100.0 * totals["received"] / result.total["received"],
                url=_queue_url(page.sector_ids, period, **{code: key}) if key else "",
            ))
    # What each agency holds open now, whenever it arrived.
    open_now = run_slice(SliceQuery(rows="agency", filters={**scope, "status": OPEN}, extra_sums=("overdue",)))
    for row in page.agencies:
        totals = open_now.row_totals.get(row.key, {})
        row.open = totals.get("received", 0)
        row.overdue = totals.get("overdue", 0)


def _fill_trends(page: SectorDashboard, scope: dict, today: date, daily: SliceResult) -> None:
    last_days = [day for day in daily.row_keys if day > today - timedelta(days=TREND_DAYS)]
    page.daily_chart = chart_for(dataclasses.replace(daily, row_keys=last_days), title=_("Поступило по дням"), kind="bar")
    first_week = today - timedelta(days=today.weekday() + 7 * (TREND_WEEKS - 1))
    weekly = run_slice(SliceQuery(measure="on_time", rows="week", filters=scope, date_from=first_week, date_to=today))
    spec = chart_for(weekly, title=_("По неделям"), kind="line")
    spec.datasets = [
        {"label": _("поступило"), "data": [weekly.row_totals.get(k, {}).get("received", 0) for k in weekly.row_keys]},
        {"label": _("дан ответ"), "data": [weekly.row_totals.get(k, {}).get("answered", 0) for k in weekly.row_keys]},
    ]
    spec.unit = "count"
    page.weekly_chart = spec


@dataclass(frozen=True)
class Growth:
    """A category growing sharply in a municipality over the 7 days up to `today`."""

    category: int
    municipality: int
    category_name: str
    place: str
    count: int
    weekly: float
    ratio: float


def growth_alerts(*, filters: dict, today: date, limit: int = 10) -> list[Growth]:
    """Sharp growths of a category in a municipality (the dashboard's alerts, the governor's report too)."""
    recent_from = today - timedelta(days=6)
    recent = run_slice(SliceQuery(rows="category", cols="municipality", filters=filters, date_from=recent_from, date_to=today))
    base = run_slice(SliceQuery(rows="category", cols="municipality", filters=filters,
                                date_from=recent_from - timedelta(days=28), date_to=recent_from - timedelta(days=1)))
    growth = []
    for (category, municipality), sums in recent.cells.items():
        count = sums["received"]
        weekly = base.cells.get((category, municipality), {}).get("received", 0) / 4
        if category is None or municipality is None or count < GROWTH_MIN or count < GROWTH_RATIO * max(weekly, 1):
            continue
        growth.append((count / max(weekly, 1), count, weekly, category, municipality))
    growth.sort(reverse=True)
    return [
        Growth(category, municipality, recent.label("rows", category), recent.label("cols", municipality), count, weekly, ratio)
        for ratio, count, weekly, category, municipality in growth[:limit]
    ]


def growth_queue_url(sector_ids, item: Growth, today: date) -> str:
    """The queue with the messages behind a growth: its category and municipality over its 7 days."""
    return _queue_url(sector_ids, None, category=item.category, municipality=item.municipality, closed=1,
                      registered_from=_ddmmyyyy(today - timedelta(days=6)), registered_to=_ddmmyyyy(today))


def _fill_alerts(page: SectorDashboard, scope: dict, today: date) -> None:
    for item in growth_alerts(filters=scope, today=today):
        text = _("«%(category)s» — %(place)s: %(count)s за 7 дней, в %(ratio)s раза больше обычного (в среднем %(weekly)s в неделю)") % {
            "category": item.category_name, "place": item.place, "count": item.count,
            "ratio": formats.number_format(item.ratio, 1), "weekly": formats.number_format(item.weekly, 1),
        }
        page.alerts.append(Alert("growth", text, growth_queue_url(page.sector_ids, item, today)))
    problems = (
        MassProblem.objects.filter(state=MassProblem.State.OPEN, sector_id__in=page.sector_ids)
        .annotate(reports=Count("messages"))
        .order_by("-created_at")[:10]
    )
    for problem in problems:
        text = _("Массовая проблема: %(title)s — %(count)s сообщ. с %(day)s") % {
            "title": problem.title, "count": problem.reports, "day": _ddmmyyyy(timezone.localtime(problem.created_at).date()),
        }
        page.alerts.append(Alert("mass", text))
