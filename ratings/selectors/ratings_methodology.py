"""Reads of the rating methodology: the current version, any version, and its spec for the computation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ratings.models import Methodology, MethodologyIndicator
from ratings.rating.criteria import Criterion
from ratings.rating.indicators import INDICATORS, Indicator
from ratings.rating.scoring import Spec


def _with_structure(qs):
    return qs.select_related("created_by").prefetch_related(
        "criteria", Prefetch("criteria__indicators", queryset=MethodologyIndicator.objects.order_by("order"))
    )


def current_methodology() -> Methodology:
    return _with_structure(Methodology.objects.filter(is_current=True)).get()


def methodology_version(version: int) -> Methodology:
    return get_object_or_404(_with_structure(Methodology.objects.all()), version=version)


def spec_of(methodology: Methodology) -> Spec:
    criteria = list(methodology.criteria.all())
    return Spec(
        criteria={c.code: c.weight for c in criteria},
        indicators={c.code: {i.code: i.weight for i in c.indicators.all() if i.code in INDICATORS} for c in criteria},
        min_messages=methodology.min_messages,
        green_from=methodology.green_from,
        yellow_from=methodology.yellow_from,
        version=methodology.version,
    )


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    weight: int
    # Its share of the total score: criterion weight × indicator weight / 100, in percent.
    effective: float


@dataclass(frozen=True)
class CriterionBlock:
    code: str
    name: str
    weight: int
    indicators: list[IndicatorLine]


def methodology_blocks(methodology: Methodology) -> list[CriterionBlock]:
    blocks = []
    for c in methodology.criteria.all():
        lines = [
            IndicatorLine(INDICATORS[i.code], i.weight, c.weight * i.weight / 100)
            for i in c.indicators.all() if i.code in INDICATORS
        ]
        blocks.append(CriterionBlock(c.code, str(Criterion(c.code).label), c.weight, lines))
    return blocks


def methodology_history(limit: int = 20) -> list[Methodology]:
    return list(Methodology.objects.select_related("created_by").order_by("-version")[:limit])
