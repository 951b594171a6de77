"""From aggregated counts to scores, ranks and zones, with pandas: one vectorised pass per column.

The input is one row per agency (or municipality) with the counts the aggregate SQL produced:
`messages`, and per indicator `<code>_den` (messages it is computed from), `<code>_bad` (those
that cost points), `<code>_median` / `<code>_avg` for the median and average shapes.

Scores:
- an indicator's score is 0–100 by its scale (`indicators.indicator_score`);
- a criterion's score is the weighted mean of its indicators' scores; an indicator with nothing to
  measure (no rated answers, no incidents) is left out and the others' weights are scaled up;
- the total is the weighted mean of the criteria's scores, with the same rule;
- fewer messages than the minimum: not rated (no score, no rank, no zone), not ranked last;
- ranks are by the total rounded to hundredths, as shown: equal totals share a place (1, 2, 2, 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from ratings.rating.criteria import Zone
from ratings.rating.indicators import AVERAGE, INDICATORS, MEDIAN_RATIO, indicator_score

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Spec:
    """A methodology version as the computation needs it (built from the models, or by hand in tests)."""

    criteria: dict[str, int]  # criterion → weight, in order
    indicators: dict[str, dict[str, int]]  # criterion → {indicator → weight}
    min_messages: int
    green_from: Decimal
    yellow_from: Decimal
    version: int = 0

    def used_indicators(self) -> list[str]:
        return [code for weights in self.indicators.values() for code, w in weights.items() if w > 0]

    def all_indicators(self) -> list[str]:
        return [code for weights in self.indicators.values() for code in weights]


@dataclass
class Scored:
    frame: pd.DataFrame
    criteria: list[str] = field(default_factory=list)


def to_decimal(value: float | None) -> Decimal | None:
    """Hundredths, half up (66.66666666666667 → 66.67; 61.075 → 61.08).

    The float is first rounded to nine decimals: sums of weighted floats land a hair below an exact
    half (61.07499999999999 for 61.075), and the score must be what the formula gives by hand.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return Decimal(repr(round(float(value), 9))).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _weighted_mean(scores: pd.DataFrame, weights: dict[str, int]) -> pd.Series:
    """Row-wise weighted mean over the columns present (not NaN); NaN when none is."""
    w = pd.Series(weights, dtype=float)
    w = w[w > 0]
    if w.empty:
        return pd.Series(np.nan, index=scores.index)
    part = scores[w.index]
    total = part.mul(w, axis=1).sum(axis=1, min_count=1)
    present = part.notna().mul(w, axis=1).sum(axis=1)
    return total / present.where(present > 0)


def indicator_values(frame: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """value_<code> and score_<code> columns from the counts."""
    out = pd.DataFrame(index=frame.index)
    for code in codes:
        indicator = INDICATORS[code]
        den = frame[f"{code}_den"].astype(float)
        bad = frame[f"{code}_bad"].astype(float)
        if indicator.shape == MEDIAN_RATIO:
            value = frame[f"{code}_median"].astype(float)
        elif indicator.shape == AVERAGE:
            value = frame[f"{code}_avg"].astype(float)
        elif indicator.value_is_flagged_share:
            value = bad / den
        else:
            value = (den - bad) / den
        value = value.where(den > 0)
        out[f"value_{code}"] = value
        out[f"score_{code}"] = value.map(lambda v, i=indicator: np.nan if pd.isna(v) else indicator_score(i, float(v)))
    return out


def score(frame: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """Adds value_*, score_*, crit_*, total, score (Decimal or None), rank and zone to a copy of frame."""
    frame = frame.copy()
    if frame.empty:
        for column in ("total", "score", "rank", "zone", "rated"):
            frame[column] = pd.Series(dtype=object)
        return frame
    frame = frame.join(indicator_values(frame, spec.all_indicators()))
    for criterion, weights in spec.indicators.items():
        scores = frame[[f"score_{c}" for c in weights]].rename(columns=lambda c: c.removeprefix("score_"))
        frame[f"crit_{criterion}"] = _weighted_mean(scores, weights)
    criteria = frame[[f"crit_{c}" for c in spec.criteria]].rename(columns=lambda c: c.removeprefix("crit_"))
    frame["total"] = _weighted_mean(criteria, spec.criteria)
    frame["rated"] = (frame["messages"] >= spec.min_messages) & frame["total"].notna()
    frame["score"] = [to_decimal(t) if rated else None for t, rated in zip(frame["total"], frame["rated"], strict=True)]
    shown = pd.Series([float(s) if s is not None else np.nan for s in frame["score"]], index=frame.index)
    frame["rank"] = shown.rank(method="min", ascending=False)
    frame["zone"] = [_zone(s, spec) for s in frame["score"]]
    return frame


def _zone(value: Decimal | None, spec: Spec) -> str:
    if value is None:
        return ""
    if value >= spec.green_from:
        return Zone.GREEN
    if value >= spec.yellow_from:
        return Zone.YELLOW
    return Zone.RED
