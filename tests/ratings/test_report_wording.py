"""The opening sentences of the governor's report read as Russian prose: one full stop, even after
an abbreviation («2025 г.», «7,3 дн.»)."""

from ratings.reports.wording import summary


def test_a_sentence_ending_with_an_abbreviation_gets_no_second_full_stop():
    figures = {
        "month": "2026-11-01",
        "totals": {
            "received": 2647, "previous": 2743, "year_ago": 2163, "answered": 1608, "on_time": 93.5,
            "on_time_previous": 87.3, "median_answer": 7.3 * 24, "overdue": 67,
        },
        "sectors": [{"name": "ЖКХ", "received": 847}],
        "satisfaction": {"rated": 739, "rated_high": 66.3, "target": 60},
        "overdue": {"overdue_now": 91},
    }
    lines = summary(figures)
    assert lines[0].startswith("В ноябре 2026")
    assert lines[0].endswith("в ноябре 2025\u00a0г.") and lines[1].endswith("дн.")
    assert all(line.endswith(".") and not line.endswith("..") for line in lines)
    assert "91 сообщение" in lines[-1]
