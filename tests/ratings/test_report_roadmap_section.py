"""The report's roadmap section: the roadmap app's figures turned into the report's paragraphs and table."""

from datetime import date

from ratings.reports import roadmap_section


def _section():
    item = {"title": "Обучение операторов", "responsible": "Орлова М. С.", "deadline": date(2026, 11, 30), "state": "выполняется"}
    late = {"title": "Регламент <b>разбора</b>", "responsible": "Кузнецов О. Н.", "deadline": date(2026, 10, 1), "state": "запланировано"}
    return {
        "month": date(2026, 11, 1),
        "roadmap": {
            "year": 2026, "percent": 41.2, "items_done": 3, "items_total": 8,
            "by_responsible": [{"name": "Кузнецов О. Н.", "percent": 0.0, "overdue": 1}, {"name": "Орлова М. С.", "percent": 50.0, "overdue": 0}],
            "due_this_month": [item], "overdue": [late, item],
        },
        "passports": {"утверждено": 1, "на утверждении у куратора": 2},
        "behind_schedule": [{"indicator": "Доля дорог", "sector": "Дороги", "responsible": "Кузнецов О. Н.",
                             "target": 85, "actual": 71.2, "deadline": date(2026, 10, 1), "reason": ""}],
    }


def test_it_writes_completion_laggards_passports_and_indicators_behind_schedule(monkeypatch):
    monkeypatch.setattr(roadmap_section, "roadmap_report_section", lambda month: _section())
    result = roadmap_section.report_roadmap_section(date(2026, 11, 1))
    text = "\n".join(result["paragraphs"])
    assert "выполнена на 41,2 %" in text and "3 из 8" in text
    laggards = next(p for p in result["paragraphs"] if p.startswith("Просрочены"))
    assert "Кузнецов О. Н. — 1" in laggards and "Орлова" not in laggards
    assert "утверждено — 1; на утверждении у куратора — 2" in text
    assert "«Доля дорог» (Дороги, отв. Кузнецов О. Н.): факт 71,2 при цели 85 к 01.10.2026" in text
    # An item both overdue and due this month is listed once; overdue ones first.
    assert [row[0] for row in result["table"]["rows"]] == ["Регламент <b>разбора</b>", "Обучение операторов"]
    assert result["table"]["rows"][0][2] == "01.10.2026"


def test_it_reports_nothing_while_the_portal_keeps_no_roadmap(monkeypatch):
    monkeypatch.setattr(roadmap_section, "roadmap_report_section", lambda month: None)
    assert roadmap_section.report_roadmap_section(date(2026, 11, 1)) is None


def test_it_reads_the_roadmap_app_of_an_empty_portal(db):
    assert roadmap_section.report_roadmap_section(date(2026, 11, 1)) is None
