"""The rating computation service: scores computed by hand, minimum volume, versions, failures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ratings.models import RatingResult, RatingRun, RunState
from ratings.services import ratings as service
from ratings.services.ratings import rating_compute, rating_month_ensure
from tests.ratings.rating_scene import build

FEB = date(2025, 2, 1)


@pytest.fixture
def scene(region, make_message):
    build(region, make_message)
    return region


def _agency(run, agency):
    return RatingResult.objects.get(run=run, kind="agency", agency=agency)


def test_it_scores_the_crafted_month_as_computed_by_hand(scene):
    run = rating_compute(month=FEB, run_now=True)
    assert run.state == RunState.DONE and run.version == 1 and run.progress == 100
    r = _agency(run, scene.transport)
    assert r.messages == 4  # the rejected one and the March one are not counted
    values = {code: f["value"] for code, f in r.indicators.items()}
    assert values["closed_share"] == pytest.approx(2 / 4)
    assert values["on_time_share"] == pytest.approx(2 / 4)
    assert values["answer_median"] == pytest.approx((0.8 + 1.5) / 2)  # ratios 0.5, 0.8, 1.5, 1.5
    assert values["first_response_median"] == pytest.approx((0.25 + 1.5) / 2)
    assert values["first_try_share"] == pytest.approx(1 / 2)
    assert values["reopened_share"] == pytest.approx(1 / 3)
    assert values["good_rating_share"] == pytest.approx(1 / 2)
    assert values["rating_average"] == pytest.approx(3.5)
    assert values["answered_share"] == pytest.approx(3 / 4)
    assert values["no_overdue_share"] == pytest.approx(3 / 4)
    # speed = 0.6·50 + 0.2·35 + 0.2·62.5; quality = 0.4·50 + 0.2·66.67 + 0.4·83.33
    assert r.criteria == {"quantity": 50.0, "speed": 49.5, "quality": 66.67, "completeness": 75.0}
    # total = 0.10·50 + 0.35·49.5 + 0.30·(200/3) + 0.25·75 = 61.075 → 61.08
    assert r.score == Decimal("61.08")
    assert r.rank == 1 and r.zone == "yellow"
    assert r.indicators["answer_median"]["score"] == 35.0
    assert r.indicators["rating_average"]["score"] == 62.5  # shown for reference, weight 0


def test_it_lists_a_body_under_the_minimum_as_not_rated_not_last(scene):
    run = rating_compute(month=FEB, run_now=True)
    minzdrav = _agency(run, scene.minzdrav)
    assert minzdrav.messages == 2
    assert minzdrav.score is None and minzdrav.rank is None and minzdrav.zone == ""
    rzhev = RatingResult.objects.get(run=run, kind="municipality", municipality=scene.rzhev)
    assert rzhev.score is None
    tver = RatingResult.objects.get(run=run, kind="municipality", municipality=scene.tver)
    assert tver.score == Decimal("61.08") and tver.rank == 1
    assert tver.per_capita == pytest.approx(4 * 10_000 / 414_000)


def test_it_makes_a_new_version_on_recompute_and_keeps_the_old(scene):
    first = rating_compute(month=FEB, run_now=True)
    second = rating_compute(month=FEB, run_now=True)
    assert (first.version, second.version) == (1, 2)
    assert RatingResult.objects.filter(run=first).count() == RatingResult.objects.filter(run=second).count() == 4
    assert _agency(first, scene.transport).score == _agency(second, scene.transport).score


def test_it_leaves_no_results_when_it_fails_in_the_middle(scene, monkeypatch):
    original = service._write_results
    calls = []

    def write_then_fail(run, kind, frame, spec, previous):
        calls.append(kind)
        original(run, kind, frame, spec, previous)
        if kind == "municipality":
            raise RuntimeError("рабочий процесс остановлен")

    monkeypatch.setattr(service, "_write_results", write_then_fail)
    with pytest.raises(RuntimeError):
        rating_compute(month=FEB, run_now=True)
    assert calls == ["agency", "municipality"]
    run = RatingRun.objects.get(month=FEB)
    assert run.state == RunState.FAILED and "остановлен" in run.error
    assert not RatingResult.objects.filter(run=run).exists()
    monkeypatch.setattr(service, "_write_results", original)
    # The retry of the scheduled job finishes the same version instead of making another.
    again = rating_month_ensure(month=FEB)
    assert again.pk == run.pk and again.state == RunState.DONE
    assert rating_month_ensure(month=FEB).pk == run.pk
    assert RatingRun.objects.filter(month=FEB).count() == 1


def test_it_leaves_a_finished_run_alone_when_executed_again(scene):
    run = rating_compute(month=FEB, run_now=True)
    ids = set(RatingResult.objects.filter(run=run).values_list("id", flat=True))
    assert service.rating_run_execute(run_id=run.pk).state == RunState.DONE
    assert set(RatingResult.objects.filter(run=run).values_list("id", flat=True)) == ids


def test_it_shows_the_change_against_the_previous_months_current_version(scene):
    january = rating_compute(month=date(2025, 1, 1), run_now=True)
    assert not RatingResult.objects.filter(run=january).exists()  # nothing registered in January
    feb = rating_compute(month=FEB, run_now=True)
    assert _agency(feb, scene.transport).change is None
    RatingResult.objects.create(run=january, kind="agency", agency=scene.transport, name="Минтранс", messages=10,
                                score=Decimal("70.00"), rank=1, zone="yellow")
    feb2 = rating_compute(month=FEB, run_now=True)
    assert _agency(feb2, scene.transport).change == Decimal("-8.92")


def test_it_queues_a_worker_when_not_run_at_once(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = rating_compute(month=FEB)
    run.refresh_from_db()
    assert run.state == RunState.DONE  # the eager worker of the test settings ran it
