"""Computing a month's rating: a new version per computation, all of it written in one transaction.

`rating_compute` makes a new version of a month's rating (queued for a worker, or run at once);
`rating_run_execute` does the work and is safe to repeat: a finished run is left as it is, and a
run whose worker died is computed again from the start.

How it stays cheap at a million messages: the month's messages are read by one aggregate query
per kind of subject (COUNT … FILTER and percentile_cont per agency or municipality), so only a
few hundred rows reach Python; pandas scores them. Progress is written between the steps in its own
short transactions, the results and the "done" mark in one transaction at the end, so a worker
killed in the middle leaves no half-written rating, only a run still marked "running".
"""

from __future__ import annotations

import logging
from datetime import date

import pandas as pd
from django.db import connection, transaction
from django.db.models import Avg, Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cur.task_queue import enqueue
from ratings.models import Methodology, RatingResult, RatingRun, RunState
from ratings.periods import add_months
from ratings.rating import scoring
from ratings.rating.criteria import SubjectKind
from ratings.rating.indicators import AVERAGE, INDICATORS, MEDIAN_RATIO, Median
from ratings.rating.month_set import SUBJECT_FIELDS, month_bounds, month_messages
from ratings.selectors.ratings_methodology import spec_of
from sectors.models import Agency, Municipality

log = logging.getLogger(__name__)

AGGREGATE_WORK_MEM = "256MB"
# Namespace of the advisory lock that numbers a month's versions one at a time.
_VERSION_LOCK = 5_004_001


def _lock_month(month: date) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_VERSION_LOCK, month.year * 100 + month.month])


def rating_compute(*, month: date, requested_by=None, run_now: bool = False) -> RatingRun:
    """A new version of the month's rating by the current methodology.

    run_now computes it in this process (the demo loading, the tests); otherwise a worker does,
    queued when this transaction commits.
    """
    month = month.replace(day=1)
    with transaction.atomic():
        _lock_month(month)
        last = RatingRun.objects.filter(month=month).aggregate(v=Max("version"))["v"] or 0
        run = RatingRun.objects.create(
            month=month, version=last + 1, methodology=Methodology.objects.get(is_current=True), requested_by=requested_by,
            step=_("ожидает обработчика"),
        )
        if not run_now:
            enqueue("ratings.tasks.compute_rating_run", run.pk)
    if run_now:
        return rating_run_execute(run_id=run.pk)
    return run


def rating_month_ensure(*, month: date) -> RatingRun:
    """The scheduled job: the month computed once, however often the job is retried.

    A finished version is kept; an unfinished one (its worker died, or it failed) is computed
    again; only when the month has none at all is a version made.
    """
    month = month.replace(day=1)
    runs = RatingRun.objects.filter(month=month).order_by("-version")
    done = runs.filter(state=RunState.DONE).first()
    if done:
        return done
    pending = runs.first()
    if pending:
        return rating_run_execute(run_id=pending.pk)
    return rating_compute(month=month, run_now=True)


def _progress(run_id: int, percent: int, step: str, **fields) -> None:
    RatingRun.objects.filter(pk=run_id).exclude(state=RunState.DONE).update(progress=percent, step=step, **fields)


def rating_run_execute(*, run_id: int) -> RatingRun:
    run = RatingRun.objects.select_related("methodology").get(pk=run_id)
    if run.state == RunState.DONE:
        return run
    as_of = timezone.now()
    _progress(run.pk, 5, _("читаю сообщения месяца"), state=RunState.RUNNING, started_at=as_of, as_of=as_of, error="")
    try:
        spec = spec_of(Methodology.objects.prefetch_related("criteria__indicators").get(pk=run.methodology_id))
        frames = {}
        for percent, kind in ((40, SubjectKind.AGENCY), (70, SubjectKind.MUNICIPALITY)):
            frames[kind] = scoring.score(aggregate(run.month, kind, spec, as_of), spec)
            _progress(run.pk, percent, _("посчитаны: %(kind)s") % {"kind": SubjectKind(kind).label})
        previous = _previous_scores(run.month)
        with transaction.atomic():
            locked = RatingRun.objects.select_for_update().get(pk=run.pk)
            if locked.state == RunState.DONE:
                # Another worker finished it while this one was reading: its results stand.
                return locked
            RatingResult.objects.filter(run=locked).delete()
            for kind, frame in frames.items():
                _write_results(locked, kind, frame, spec, previous)
            locked.state = RunState.DONE
            locked.progress = 100
            locked.step = ""
            locked.as_of = as_of
            locked.finished_at = timezone.now()
            locked.messages = int(frames[SubjectKind.AGENCY]["messages"].sum()) if not frames[SubjectKind.AGENCY].empty else 0
            locked.save(update_fields=["state", "progress", "step", "as_of", "finished_at", "messages"])
            return locked
    except Exception as exc:
        log.exception("rating run %s failed", run.pk)
        RatingRun.objects.filter(pk=run.pk).exclude(state=RunState.DONE).update(
            state=RunState.FAILED, error=str(exc)[:2000] or exc.__class__.__name__, finished_at=timezone.now(),
        )
        raise


def aggregate(month: date, kind: str, spec: scoring.Spec, as_of) -> pd.DataFrame:
    """One row per subject with the counts every indicator of the methodology needs: one SQL query."""
    start, _end = month_bounds(month)
    field = SUBJECT_FIELDS[kind]
    annotations: dict = {"messages": Count("id")}
    for code in spec.all_indicators():
        indicator = INDICATORS[code]
        base, flagged = indicator.base(as_of, start), indicator.flagged(as_of, start)
        annotations[f"{code}_den"] = Count("id", filter=base) if base else Count("id")
        annotations[f"{code}_bad"] = Count("id", filter=base & flagged)
        if indicator.shape == MEDIAN_RATIO:
            annotations[f"{code}_median"] = Median(indicator.ratio(), filter=base) if base else Median(indicator.ratio())
        elif indicator.shape == AVERAGE:
            annotations[f"{code}_avg"] = Avg(indicator.average_field, filter=base) if base else Avg(indicator.average_field)
    qs = month_messages(month, kind).values(field).order_by().annotate(**annotations)
    with transaction.atomic(), connection.cursor() as cursor:
        # Room for the hashed list of reviewed answers (`id IN (…)` is then one hash probe per
        # message; without it PostgreSQL rescans the answers for every message) and for the
        # medians' sorts, for this query only.
        cursor.execute(f"SET LOCAL work_mem = '{AGGREGATE_WORK_MEM}'")
        rows = list(qs)
    columns = [field, *annotations]
    frame = pd.DataFrame.from_records(rows, columns=columns).rename(columns={field: "subject_id"})
    return frame.set_index("subject_id", drop=False)


def _previous_scores(month: date) -> dict[tuple[str, int], object]:
    """(kind, subject id) → score in the previous month's current rating."""
    previous = (
        RatingRun.objects.filter(month=add_months(month, -1), state=RunState.DONE).order_by("-version").first()
    )
    if previous is None:
        return {}
    rows = RatingResult.objects.filter(run=previous, score__isnull=False).values_list("kind", "agency_id", "municipality_id", "score")
    return {(kind, agency or municipality): score for kind, agency, municipality, score in rows}


def _names(kind: str, ids: list[int]) -> dict[int, tuple[str, int | None]]:
    """id → (name, population)."""
    if kind == SubjectKind.AGENCY:
        return {pk: (short or name, None) for pk, name, short in Agency.objects.filter(pk__in=ids).values_list("id", "name", "short_name")}
    return {pk: (name, population) for pk, name, population in Municipality.objects.filter(pk__in=ids).values_list("id", "name", "population")}


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _write_results(run: RatingRun, kind: str, frame: pd.DataFrame, spec: scoring.Spec, previous: dict) -> None:
    if frame.empty:
        return
    names = _names(kind, [int(i) for i in frame["subject_id"]])
    results = []
    for row in frame.itertuples(index=False):
        row = row._asdict()
        subject_id = int(row["subject_id"])
        name, population = names.get(subject_id, (str(subject_id), None))
        indicators = {}
        for code in spec.all_indicators():
            score = _float(row[f"score_{code}"])
            indicators[code] = {
                "den": int(row[f"{code}_den"]), "bad": int(row[f"{code}_bad"]),
                "value": _float(row[f"value_{code}"]),
                "score": float(scoring.to_decimal(score)) if score is not None else None,
            }
        criteria = {}
        for code in spec.criteria:
            value = _float(row[f"crit_{code}"])
            criteria[code] = float(scoring.to_decimal(value)) if value is not None else None
        score = row["score"]
        before = previous.get((kind, subject_id))
        results.append(RatingResult(
            run=run, kind=kind, name=name[:300], messages=int(row["messages"]), indicators=indicators, criteria=criteria,
            score=score, rank=int(row["rank"]) if score is not None else None, zone=row["zone"],
            change=score - before if score is not None and before is not None else None,
            per_capita=row["messages"] * 10_000 / population if population else None,
            **{"agency_id" if kind == SubjectKind.AGENCY else "municipality_id": subject_id},
        ))
    RatingResult.objects.bulk_create(results, batch_size=1000)
