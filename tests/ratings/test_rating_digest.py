"""rating_digest: the month's current rating as the governor's report reads it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ratings.selectors.rating_digest import rating_digest
from ratings.services.ratings import rating_compute
from tests.ratings.rating_scene import build

FEB = date(2025, 2, 1)


def test_it_is_none_before_any_computation(db):
    assert rating_digest(FEB) is None


def test_it_gives_the_latest_version_with_best_worst_and_not_rated(region, make_message):
    build(region, make_message)
    rating_compute(month=FEB, run_now=True)
    rating_compute(month=FEB, run_now=True)
    digest = rating_digest(FEB, top=3)
    assert (digest.month, digest.version, digest.methodology_version) == (FEB, 2, 1)
    assert [b.name for b in digest.agencies_best] == ["Минтранс"] == [b.name for b in digest.agencies_worst]
    best = digest.agencies_best[0]
    assert (best.score, best.rank, best.zone, best.messages) == (Decimal("61.08"), 1, "yellow", 4)
    assert best.criteria == {"quantity": Decimal("50.00"), "speed": Decimal("49.50"), "quality": Decimal("66.67"), "completeness": Decimal("75.00")}
    assert (digest.agencies_rated, digest.agencies_not_rated) == (1, 1)
    assert (digest.municipalities_rated, digest.municipalities_not_rated) == (1, 1)
    assert list(digest.criteria_names.values()) == ["Количество", "Скорость", "Качество", "Полнота"]
