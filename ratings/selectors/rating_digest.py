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
    """The month's current rating (its latest finished version), or None when none is computed yet."""
    raise NotImplementedError("written with the ratings computation (issue 5)")
