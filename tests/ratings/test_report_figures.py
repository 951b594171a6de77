"""The report's figures equal what the crafted messages give when counted by hand (tests/ratings/report_scene.py)."""

from __future__ import annotations

import pytest

from ratings.reports import figures as figures_module
from ratings.reports.figures import report_figures
from ratings.services.stats import stats_fold
from tests.ratings.report_scene import MONTH, crafted_digest, make_report_scene


@pytest.fixture
def scene(region, make_message):
    return make_report_scene(region, make_message)


@pytest.fixture
def no_ratings(monkeypatch):
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: None)


def test_it_counts_the_month_against_the_previous_month_and_a_year_ago(scene, no_ratings):
    totals = report_figures(MONTH)["totals"]
    assert (totals["received"], totals["previous"], totals["year_ago"]) == (5, 4, 2)
    assert totals["change"] == 25.0  # 5 against 4
    assert totals["change_year"] == 150.0  # 5 against 2
    # 4 answered, 3 of them on time (100 h against a 48 h deadline is late).
    assert (totals["answered"], totals["on_time"]) == (4, 75.0)
    # October: 4 answered, 3 on time.
    assert totals["on_time_previous"] == 75.0
    # Ratings 5, 2, 4, 4: average 3.75, three of four are 4–5.
    assert (totals["rated"], totals["avg_rating"], totals["rated_high"]) == (4, 3.75, 75.0)
    assert totals["overdue"] == 1
    assert (totals["returned"], totals["returned_share"]) == (2, 50.0)


def test_it_breaks_the_month_down_by_channel_sector_and_municipality(scene, no_ratings):
    figures = report_figures(MONTH)
    channels = {c["name"]: (c["received"], c["share"], c["previous"]) for c in figures["channels"]}
    assert channels == {"Платформа обратной связи": (3, 60.0, 4), "Письмо": (1, 20.0, 0), "Социальные сети": (1, 20.0, 0)}
    sectors = {s["name"]: s for s in figures["sectors"]}
    assert [s["name"] for s in figures["sectors"]] == ["Дороги", "Здравоохранение"]
    assert (sectors["Дороги"]["received"], sectors["Дороги"]["previous"], sectors["Дороги"]["year_ago"]) == (3, 3, 2)
    assert sectors["Дороги"]["change"] == 0.0
    assert sectors["Дороги"]["on_time"] == 50.0  # 10 h on time, 100 h late
    assert (sectors["Здравоохранение"]["received"], sectors["Здравоохранение"]["change"]) == (2, 100.0)
    assert figures["unclassified"] is None
    places = {m["name"]: m for m in figures["municipalities"]}
    assert (places["Тверь"]["received"], places["Тверь"]["previous"]) == (3, 4)
    # Ржев: 2 messages, 55,000 residents.
    assert places["Ржев"]["per_10k"] == round(2 * 10_000 / 55_000, 1)


def test_it_lists_the_top_problems_of_each_sector(scene, no_ratings):
    blocks = {b["sector"]: b["categories"] for b in report_figures(MONTH)["top_problems"]}
    roads = [(c["name"], c["received"], c["share"], c["previous"]) for c in blocks["Дороги"]]
    assert roads == [("Ямы и выбоины", 2, 66.7, 2), ("Тротуары", 1, 33.3, 1)]
    assert [(c["name"], c["received"]) for c in blocks["Здравоохранение"]] == [("Запись к врачу", 2)]


def test_it_names_the_agencies_with_overdue_and_returned_answers(scene, no_ratings):
    overdue = report_figures(MONTH)["overdue"]
    assert overdue["overdue_now"] == 1
    assert overdue["open_now"] == 1
    assert [(a["name"], a["overdue"], a["open"]) for a in overdue["agencies"]] == [("Минтранс", 1, 1)]
    returned = {a["name"]: (a["returned"], a["answered"]) for a in overdue["returned_agencies"]}
    assert returned == {"Минтранс": (1, 2), "Минздрав": (1, 2)}


def test_it_reports_satisfaction_against_the_target(scene, no_ratings):
    satisfaction = report_figures(MONTH)["satisfaction"]
    assert satisfaction["target"] == 60.0
    assert {s["name"]: (s["rated"], s["rated_high"]) for s in satisfaction["sectors"]} == {
        "Дороги": (2, 50.0), "Здравоохранение": (2, 100.0),
    }


def test_it_counts_mass_problems_of_the_month(scene, no_ratings):
    from datetime import datetime

    from feedback.models import MassProblem, Message
    from tests.ratings.report_scene import MSK

    problem = MassProblem.objects.create(title="Нет отопления в доме 5", sector=scene.roads, municipality=scene.tver)
    MassProblem.objects.filter(pk=problem.pk).update(created_at=datetime(2025, 11, 15, tzinfo=MSK))
    ids = list(Message.objects.filter(municipality=scene.rzhev, registered_at__year=2025).values_list("id", flat=True))
    Message.objects.filter(id__in=ids).update(mass_problem=problem)
    later = MassProblem.objects.create(title="Свалка", state=MassProblem.State.OPEN)
    MassProblem.objects.filter(pk=later.pk).update(created_at=datetime(2025, 12, 15, tzinfo=MSK))
    mass = report_figures(MONTH)["mass_problems"]
    assert (mass["opened"], mass["open"]) == (1, 1)
    assert [(p["title"], p["messages"], p["place"]) for p in mass["items"]] == [("Нет отопления в доме 5", len(ids), "Тверь")]


def test_it_keeps_the_ratings_digest_and_none_when_not_computed(scene, monkeypatch):
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: crafted_digest(month))
    ratings = report_figures(MONTH)["ratings"]
    assert ratings["agencies_best"][0]["name"] == "Министерство транспорта Тверской области"
    assert ratings["agencies_best"][0]["score"] == 91.5
    assert ratings["criteria_names"]["speed"] == "Скорость"
    monkeypatch.setattr(figures_module.digest_module, "rating_digest", lambda month, top=5: None)
    assert report_figures(MONTH)["ratings"] is None


def test_it_is_plain_json_and_reads_no_messages_row_by_row(scene, no_ratings, django_assert_max_num_queries):
    import json

    stats_fold()  # the scene's messages; the report then looks at the log once
    with django_assert_max_num_queries(41):
        figures = report_figures(MONTH)
    assert json.loads(json.dumps(figures)) == figures
