"""The month's ratings as the governor's report shows them: best and worst agencies and municipalities.

This is the contract between the ratings and the report: the report reads ratings only through
`rating_digest`, so the methodology and the rating tables can change without touching the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class RatedBody:
    """One agency or municipality in a month's rating."""

    name: str
    messages: int
    # None: fewer messages than the methodology's minimum, so not rated (and not ranked last).
    score: Decimal | None
    rank: int | None
    zone: str  # "green", "yellow", "red", or "" when not rated
    # Against the previous month's current rating; None when either month has no score.
    change: Decimal | None
    # Criterion code → score 0–100 (quantity, speed, quality, completeness), for the table columns.
    criteria: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class RatingDigest:
    month: date  # first day of the rated month
    version: int  # the rating's version for this month (recomputations make new versions)
    methodology_version: int
    agencies_best: list[RatedBody]
    agencies_worst: list[RatedBody]
    municipalities_best: list[RatedBody]
    municipalities_worst: list[RatedBody]
    agencies_rated: int
    agencies_not_rated: int
    municipalities_rated: int
    municipalities_not_rated: int
    # Criterion code → its Russian name, in the methodology's order.
    criteria_names: dict[str, str] = field(default_factory=dict)


def rating_digest(month: date, *, top: int = 5) -> RatingDigest | None:
    """The month's current rating (its latest finished version), or None when none is computed yet.

    Best: the top `top` by rank; worst: the last `top` rated, worst first. A body with fewer
    messages than the minimum is in neither: it is counted in `*_not_rated`.
    """
    from ratings.models import RatingResult
    from ratings.rating.criteria import Criterion, SubjectKind
    from ratings.selectors.ratings import current_run

    run = current_run(month)
    if run is None:
        return None
    rows = list(RatingResult.objects.filter(run=run).order_by("rank", "name"))
    order = [c.code for c in run.methodology.criteria.all()]

    def body(r: RatingResult) -> RatedBody:
        criteria = {code: Decimal(str(r.criteria[code])).quantize(Decimal("0.01")) for code in order if r.criteria.get(code) is not None}
        return RatedBody(name=r.name, messages=r.messages, score=r.score, rank=r.rank, zone=r.zone, change=r.change, criteria=criteria)

    def split(kind: str) -> tuple[list[RatedBody], list[RatedBody], int, int]:
        rated = [r for r in rows if r.kind == kind and r.score is not None]
        not_rated = sum(1 for r in rows if r.kind == kind and r.score is None)
        worst = sorted(rated, key=lambda r: (-r.rank, r.name))[:top]
        return [body(r) for r in rated[:top]], [body(r) for r in worst], len(rated), not_rated

    a_best, a_worst, a_rated, a_not = split(SubjectKind.AGENCY)
    m_best, m_worst, m_rated, m_not = split(SubjectKind.MUNICIPALITY)
    return RatingDigest(
        month=run.month, version=run.version, methodology_version=run.methodology.version,
        agencies_best=a_best, agencies_worst=a_worst, municipalities_best=m_best, municipalities_worst=m_worst,
        agencies_rated=a_rated, agencies_not_rated=a_not, municipalities_rated=m_rated, municipalities_not_rated=m_not,
        criteria_names={code: str(Criterion(code).label) for code in order},
    )
