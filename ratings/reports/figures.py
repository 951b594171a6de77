"""The figures of the governor's monthly report, each section summed from the statistics rollups.

Every count comes from `run_slice` over the rollups the database trigger keeps (a month's figures
are a few grouped queries over a few hundred rows whatever the month's volume), never from
messages loaded into Python. The result is plain JSON: it is stored with the report's version as
the snapshot its PDF was made from, and the PDF is drawn from that snapshot alone.

Period figures count the messages registered in the month (cohorts, as everywhere in the
statistics), whenever they were answered; "now" figures (open, overdue) are as of the moment the
figures are computed, and the PDF says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import OPEN_STATUSES, MassProblem
from ratings.periods import add_months, month_end, percent_change
from ratings.reports.roadmap_section import report_roadmap_section
from ratings.selectors import rating_digest as digest_module
from ratings.selectors.slices import SliceQuery, SliceResult, run_slice
from ratings.stats.catalog import MEASURES, figure_of
from ratings.stats.fold_scope import one_fold
from sectors.models import Category, Municipality, Sector

SCHEMA = 1
OPEN = tuple(sorted(OPEN_STATUSES))
# Minцифры's 2025 target for the feedback platform: at least 60 % of ratings are 4 or 5.
SATISFACTION_TARGET = 60.0
TOP_CATEGORIES = 5
TOP_AGENCIES = 10
TOP_MASS_PROBLEMS = 10
TOP_ALERTS = 10
PERIOD_SUMS = tuple(dict.fromkeys((
    "answered", "answered_on_time", "overdue", "rated", "rating_sum", "rated_high", "reopened", "returned",
    *MEASURES["median_answer"].sums,
)))

Progress = Callable[[str, int], None]


def _noop(step: str, percent: int) -> None:
    pass


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _month_slice(month: date, **query) -> SliceResult:
    return run_slice(SliceQuery(date_from=month, date_to=month_end(month), **query))


def _figure(code: str, sums: dict) -> float | None:
    """A measure's figure, or None when the slice did not fetch its sums (a count-only slice)."""
    if not all(name in sums for name in MEASURES[code].sums):
        return None
    return figure_of(code, sums)


def _kpi(sums: dict | None) -> dict:
    sums = sums or {}
    return {
        "received": sums.get("received", 0),
        "answered": sums.get("answered", 0),
        "on_time": _round(_figure("on_time", sums)),
        "median_answer": _round(_figure("median_answer", sums)),
        "overdue": sums.get("overdue", 0),
        "rated": sums.get("rated", 0),
        "avg_rating": _round(_figure("avg_rating", sums), 2),
        "rated_high": _round(_figure("rated_high", sums)),
        "reopened": sums.get("reopened", 0),
        "returned": sums.get("returned", 0),
        "returned_share": _round(100.0 * sums["returned"] / sums["answered"]) if sums.get("answered") else None,
    }


def _change(current: int, before: int) -> float | None:
    return _round(percent_change(current, before))


def _totals(month: date, now: SliceResult, before: SliceResult, year_ago: SliceResult) -> dict:
    totals = _kpi(now.total)
    previous, last_year = _kpi(before.total), _kpi(year_ago.total)
    totals.update({
        "previous": previous["received"], "year_ago": last_year["received"],
        "change": _change(totals["received"], previous["received"]),
        "change_year": _change(totals["received"], last_year["received"]),
        "on_time_previous": previous["on_time"], "rated_high_previous": previous["rated_high"],
        "avg_rating_previous": previous["avg_rating"], "median_answer_previous": previous["median_answer"],
    })
    return totals


def _sectors(now: SliceResult, before: SliceResult, year_ago: SliceResult) -> tuple[list[dict], dict | None]:
    """Every active sector (an empty one shows as zero, not missing) and the unclassified messages."""
    keys = {k for k in now.row_totals if k is not None}
    sectors = Sector.objects.filter(Q(is_active=True) | Q(id__in=keys)).order_by("order", "name").values_list("id", "name")
    rows = []
    for pk, name in sectors:
        row = {"id": pk, "name": name, **_kpi(now.row_totals.get(pk))}
        row["previous"] = before.row_totals.get(pk, {}).get("received", 0)
        row["year_ago"] = year_ago.row_totals.get(pk, {}).get("received", 0)
        row["change"] = _change(row["received"], row["previous"])
        row["change_year"] = _change(row["received"], row["year_ago"])
        rows.append(row)
    rows.sort(key=lambda r: -r["received"])
    unclassified = None
    if None in now.row_totals:
        unclassified = {"name": _("Блок не определён"), **_kpi(now.row_totals[None])}
    return rows, unclassified


def _channels(now: SliceResult, before: SliceResult) -> list[dict]:
    whole = now.total.get("received", 0)
    rows = []
    for key in now.col_keys:
        count = now.col_totals.get(key, {}).get("received", 0)
        if not count:
            continue
        previous = before.col_totals.get(key, {}).get("received", 0)
        rows.append({
            "name": now.label("cols", key), "received": count, "share": _round(100.0 * count / whole) if whole else None,
            "previous": previous, "change": _change(count, previous),
        })
    return rows


def _daily(month: date) -> list[list]:
    result = _month_slice(month, rows="day")
    return [[day.isoformat(), result.row_totals.get(day, {}).get("received", 0)] for day in result.row_keys]


def _municipalities(month: date) -> list[dict]:
    now = _month_slice(month, rows="municipality", extra_sums=PERIOD_SUMS)
    before = _month_slice(add_months(month, -1), rows="municipality")
    population = dict(Municipality.objects.filter(pk__in=[k for k in now.row_keys if k]).values_list("id", "population"))
    rows = []
    for key in now.row_keys:
        row = {"name": now.label("rows", key), "known": key is not None, **_kpi(now.row_totals[key])}
        row["previous"] = before.row_totals.get(key, {}).get("received", 0)
        row["change"] = _change(row["received"], row["previous"])
        people = population.get(key)
        row["per_10k"] = _round(10_000.0 * row["received"] / people) if people else None
        rows.append(row)
    # Messages without a municipality go last, whatever their number.
    rows.sort(key=lambda r: (not r["known"], -r["received"]))
    return rows


def _top_problems(month: date, sectors: list[dict]) -> list[dict]:
    """The largest categories of each sector, with their change against the previous month."""
    now = _month_slice(month, rows="sector", cols="category")
    before = _month_slice(add_months(month, -1), rows="sector", cols="category")
    others = set(Category.objects.filter(is_other=True).values_list("id", flat=True))
    blocks = []
    for sector in sectors:
        pk, whole = sector["id"], sector["received"]
        if not whole:
            continue
        cells = sorted(
            ((c, sums["received"]) for (s, c), sums in now.cells.items() if s == pk),
            key=lambda item: (-item[1], str(now.label("cols", item[0]))),
        )
        categories = []
        for key, count in cells[:TOP_CATEGORIES]:
            previous = before.cells.get((pk, key), {}).get("received", 0)
            categories.append({
                "name": now.label("cols", key) if key is not None else _("категория не определена"),
                "received": count, "share": _round(100.0 * count / whole), "previous": previous,
                "change": _change(count, previous), "is_other": key in others,
            })
        blocks.append({"sector": sector["name"], "received": whole, "categories": categories})
    return blocks


def _overdue_and_returned(month: date) -> dict:
    """What is overdue now, who holds it, and whose answers to the month's messages were returned."""
    open_now = run_slice(SliceQuery(rows="agency", filters={"status": OPEN}, extra_sums=("overdue",)))
    month_agencies = _month_slice(month, rows="agency", extra_sums=("answered", "answered_on_time", "overdue", "returned"))
    holders = sorted(
        ((k, s) for k, s in open_now.row_totals.items() if k is not None and s.get("overdue")),
        key=lambda item: (-item[1]["overdue"], -item[1]["received"], str(open_now.label("rows", item[0]))),
    )[:TOP_AGENCIES]
    overdue_agencies = [
        {"name": open_now.label("rows", k), "overdue": s["overdue"], "open": s["received"],
         "share": _round(100.0 * s["overdue"] / s["received"])}
        for k, s in holders
    ]
    returners = sorted(
        ((k, s) for k, s in month_agencies.row_totals.items() if k is not None and s.get("returned")),
        key=lambda item: (-item[1]["returned"], str(month_agencies.label("rows", item[0]))),
    )[:TOP_AGENCIES]
    returned_agencies = [
        {"name": month_agencies.label("rows", k), "returned": s["returned"], "answered": s["answered"],
         "share": _round(100.0 * s["returned"] / s["answered"]) if s["answered"] else None}
        for k, s in returners
    ]
    return {
        "open_now": open_now.total.get("received", 0),
        "overdue_now": open_now.total.get("overdue", 0),
        "agencies": overdue_agencies,
        "returned_agencies": returned_agencies,
    }


def _satisfaction(totals: dict, sectors: list[dict]) -> dict:
    return {
        "rated": totals["rated"], "avg_rating": totals["avg_rating"], "rated_high": totals["rated_high"],
        "rated_high_previous": totals["rated_high_previous"], "target": SATISFACTION_TARGET,
        "sectors": [
            {"name": s["name"], "rated": s["rated"], "avg_rating": s["avg_rating"], "rated_high": s["rated_high"]}
            for s in sectors if s["rated"]
        ],
    }


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _mass_problems(month: date) -> dict:
    start, end = _local_midnight(month), _local_midnight(month_end(month) + timedelta(days=1))
    in_month = Q(created_at__gte=start, created_at__lt=end)
    relevant = MassProblem.objects.filter(in_month | Q(state=MassProblem.State.OPEN, created_at__lt=end))
    counts = relevant.aggregate(opened=Count("id", filter=in_month), open=Count("id", filter=Q(state=MassProblem.State.OPEN)))
    problems = (
        relevant.select_related("sector", "municipality")
        .annotate(reports=Count("messages"))
        .order_by("-reports", "-created_at")[:TOP_MASS_PROBLEMS]
    )
    return {
        "opened": counts["opened"], "open": counts["open"],
        "items": [
            {
                "title": p.title, "sector": p.sector.name if p.sector else "", "place": p.municipality.name if p.municipality else "",
                "address": p.address, "messages": p.reports, "state": p.get_state_display(),
                "created": timezone.localtime(p.created_at).date().isoformat(),
            }
            for p in problems
        ],
    }


def _alerts(month: date) -> list[dict]:
    """Sharp growths of a category in a municipality in the month's last week (the dashboard's rule)."""
    from ratings.selectors.sector_dashboard import growth_alerts

    return [
        {"category": g.category_name, "place": g.place, "count": g.count, "weekly": _round(g.weekly), "ratio": _round(g.ratio)}
        for g in growth_alerts(filters={}, today=month_end(month), limit=TOP_ALERTS)
    ]


def _plain(value):
    """Decimals (scores of the ratings) as floats, recursively: the snapshot is JSON."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def ratings_digest_for(month: date):
    """The month's rating digest, or None while none is computed (the report says so)."""
    return digest_module.rating_digest(month)


def _ratings(month: date) -> dict | None:
    digest = ratings_digest_for(month)
    return None if digest is None else _plain(asdict(digest))


def report_figures(month: date, *, progress: Progress = _noop) -> dict:
    """Every section of the month's report, as JSON-ready data."""
    # Every section from the rollups as they were when the report began.
    with one_fold():
        return _report_figures(month.replace(day=1), progress)


def _report_figures(month: date, progress: Progress) -> dict:
    previous, last_year = add_months(month, -1), add_months(month, -12)
    progress(_("Итоги месяца и сравнение с прошлыми периодами"), 5)
    query = {"rows": "sector", "cols": "channel", "extra_sums": PERIOD_SUMS}
    now = _month_slice(month, **query)
    before = _month_slice(previous, **query)
    year_ago = _month_slice(last_year, rows="sector")
    totals = _totals(month, now, before, year_ago)
    sectors, unclassified = _sectors(now, before, year_ago)
    figures = {
        "schema": SCHEMA, "month": month.isoformat(), "region": settings.CUR_REGION_NAME,
        "computed_at": timezone.localtime().isoformat(timespec="minutes"),
        "totals": totals, "sectors": sectors, "unclassified": unclassified, "channels": _channels(now, before),
    }
    progress(_("Поступление по дням"), 15)
    figures["daily"] = _daily(month)
    progress(_("Муниципальные образования"), 25)
    figures["municipalities"] = _municipalities(month)
    progress(_("Основные проблемы по блокам"), 35)
    figures["top_problems"] = _top_problems(month, sectors)
    progress(_("Просроченные и возвращённые ответы"), 45)
    figures["overdue"] = _overdue_and_returned(month)
    figures["satisfaction"] = _satisfaction(totals, sectors)
    progress(_("Массовые проблемы и сигналы роста"), 55)
    figures["mass_problems"] = _mass_problems(month)
    figures["alerts"] = _alerts(month)
    progress(_("Рейтинги органов и муниципальных образований"), 60)
    figures["ratings"] = _ratings(month)
    figures["roadmap"] = _plain(report_roadmap_section(month))
    return figures
