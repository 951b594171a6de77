"""Reads of the monthly ratings: versions of a month, the table of a run, trends, the drill-down.

A month's current rating is its latest finished version. Tables are read with a fixed number of
queries whatever the number of rows: the run's results, then the scores of the same subjects in
the current versions of the preceding months for the trend lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from ratings.models import RatingResult, RatingRun, RunState
from ratings.periods import add_months
from ratings.rating.criteria import SubjectKind
from ratings.rating.indicators import INDICATORS, Indicator
from ratings.rating.month_set import month_bounds, month_messages

TREND_MONTHS = 12
SORT_KEYS = ("rank", "name", "messages", "change", "quantity", "speed", "quality", "completeness")


def current_run(month: date) -> RatingRun | None:
    return (
        RatingRun.objects.filter(month=month.replace(day=1), state=RunState.DONE)
        .select_related("methodology", "requested_by").order_by("-version").first()
    )


def run_version(month: date, version: int) -> RatingRun:
    run = RatingRun.objects.filter(month=month.replace(day=1), version=version).select_related("methodology", "requested_by").first()
    if run is None:
        raise Http404
    return run


def month_versions(month: date) -> list[RatingRun]:
    return list(RatingRun.objects.filter(month=month.replace(day=1)).select_related("methodology", "requested_by").order_by("-version"))


def rated_months() -> list[date]:
    """Months with a finished rating, newest first: the month picker."""
    return list(
        RatingRun.objects.filter(state=RunState.DONE).order_by("-month").values_list("month", flat=True).distinct()
    )


def latest_rated_month() -> date | None:
    months = RatingRun.objects.filter(state=RunState.DONE).order_by("-month").values_list("month", flat=True)[:1]
    return months[0] if months else None


def current_runs_between(first: date, last: date) -> dict[date, int]:
    """month → id of its current (latest finished) run."""
    rows = (
        RatingRun.objects.filter(state=RunState.DONE, month__gte=first, month__lte=last)
        .order_by("month", "-version").distinct("month").values_list("month", "id")
    )
    return dict(rows)


@dataclass
class TableRow:
    result: RatingResult
    # Scores of the same subject in the months before (oldest first, None where not rated), and this month.
    trend: list[float | None] = field(default_factory=list)

    @property
    def subject_id(self) -> int:
        return self.result.subject_id


@dataclass
class RatingTable:
    run: RatingRun
    kind: str
    rated: list[TableRow]
    not_rated: list[TableRow]
    trend_months: list[date]
    sort: str
    descending: bool


def _sort_value(row: TableRow, key: str):
    r = row.result
    if key == "name":
        return r.name.lower()
    if key == "messages":
        return r.messages
    if key == "change":
        return r.change if r.change is not None else Decimal("-1000")
    if key in ("quantity", "speed", "quality", "completeness"):
        value = r.criteria.get(key)
        return value if value is not None else -1.0
    return r.rank or 0


def rating_table(run: RatingRun, kind: str, *, sort: str = "rank", descending: bool = False) -> RatingTable:
    if kind not in SubjectKind.values:
        kind = SubjectKind.AGENCY
    if sort not in SORT_KEYS:
        sort = "rank"
    results = list(RatingResult.objects.filter(run=run, kind=kind).order_by("rank", "name"))
    first = add_months(run.month, -(TREND_MONTHS - 1))
    months = [add_months(first, i) for i in range(TREND_MONTHS)]
    runs = current_runs_between(first, add_months(run.month, -1))
    runs[run.month] = run.pk
    field_name = "agency_id" if kind == SubjectKind.AGENCY else "municipality_id"
    scores: dict[tuple[int, int], float] = {}
    ids = [r.subject_id for r in results]
    previous_runs = [pk for m, pk in runs.items() if m != run.month]
    if previous_runs and ids:
        for run_id, subject_id, score in RatingResult.objects.filter(
            run_id__in=previous_runs, kind=kind, **{f"{field_name}__in": ids}
        ).values_list("run_id", field_name, "score"):
            if score is not None:
                scores[(run_id, subject_id)] = float(score)
    month_of_run = {pk: m for m, pk in runs.items()}
    rows_rated, rows_not = [], []
    for result in results:
        trend = []
        for m in months:
            run_id = runs.get(m)
            if m == run.month:
                trend.append(float(result.score) if result.score is not None else None)
            else:
                trend.append(scores.get((run_id, result.subject_id)) if run_id and run_id in month_of_run else None)
        row = TableRow(result, trend)
        (rows_rated if result.score is not None else rows_not).append(row)
    rows_rated.sort(key=lambda r: _sort_value(r, sort), reverse=descending)
    rows_not.sort(key=lambda r: r.result.name.lower())
    return RatingTable(run, kind, rows_rated, rows_not, months, sort, descending)


def rating_result(run: RatingRun, kind: str, subject_id: int) -> RatingResult:
    field_name = "agency_id" if kind == SubjectKind.AGENCY else "municipality_id"
    result = RatingResult.objects.filter(run=run, kind=kind, **{field_name: subject_id}).first()
    if result is None:
        raise Http404
    return result


def indicator_or_404(code: str) -> Indicator:
    if code not in INDICATORS:
        raise Http404
    return INDICATORS[code]


def drilldown_messages(run: RatingRun, kind: str, subject_id: int, indicator: Indicator, *, everything: bool) -> QuerySet:
    """The messages behind an indicator of a run: those that cost points, or all it was computed from.

    The same conditions as the rating's aggregate, at the run's moment; the messages' current state
    is read, so a message answered since the computation shows its answer now.
    """
    start, _end = month_bounds(run.month)
    as_of = run.as_of or run.created_at
    condition = indicator.base(as_of, start)
    if not everything:
        condition &= indicator.flagged(as_of, start)
    return (
        month_messages(run.month, kind, subject_id).filter(condition)
        .select_related("category", "agency", "municipality", "kind")
        .only(
            "id", "number", "registered_at", "status", "deadline_at", "answered_at", "first_response_due_at",
            "first_response_at", "rating", "reopened_count", "returned_count", "is_overdue", "text",
            "category__name", "agency__name", "agency__short_name", "municipality__name", "kind__name",
        )
        .order_by("registered_at", "id")
    )
