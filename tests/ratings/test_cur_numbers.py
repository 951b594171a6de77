"""Russian number formats of the dashboards."""

import pytest
from django.template import Context, Template

from cur.number_format import change_tone, ru_change, ru_hours, ru_int, ru_percent, ru_score

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (7, "7"), (1234, f"1{NBSP}234"), (1234567, f"1{NBSP}234{NBSP}567"), (12.6, "13"), (2.5, "3"), (-5, "−5"), (-0.2, "0"), (None, "—"), ("", "—")],
)
def test_it_groups_thousands_with_a_space(value, text):
    assert ru_int(value) == text


def test_it_writes_shares_with_a_decimal_comma():
    assert ru_percent(56.66) == f"56,7{NBSP}%"
    assert ru_percent(100.0) == f"100,0{NBSP}%"
    assert ru_percent(None) == "—"


def test_it_writes_hours_and_from_two_days_on_days():
    assert ru_hours(12.5) == "12,5 ч"
    assert ru_hours(47.9) == "47,9 ч"
    assert ru_hours(76.8) == "3,2 дн."
    assert ru_hours(None) == "—"


def test_it_writes_ratings_with_one_decimal():
    assert ru_score(4.26) == "4,3"
    # Halves round up, as a person would: 4,25 is 4,3, not the 4,2 of rounding to even.
    assert ru_score(4.25) == "4,3"
    assert ru_score(None) == "—"


def test_it_writes_changes_with_arrows():
    assert ru_change(12.34) == f"↑{NBSP}12,3{NBSP}%"
    assert ru_change(-4) == f"↓{NBSP}4,0{NBSP}%"
    assert ru_change(2.1, "pp") == f"↑{NBSP}2,1{NBSP}п.п."
    assert ru_change(0.01) == "без изменений"
    assert ru_change(None) == "—"
    assert change_tone(3) == "success" and change_tone(-3) == "danger" and change_tone(None) == "muted"
    assert change_tone(3, False) == "danger"


def test_it_works_in_templates_with_missing_values():
    html = Template("{% load cur_numbers %}{{ n|ru_int }} {{ missing|ru_percent }} {{ h|ru_hours }}").render(Context({"n": 2018, "h": 156}))
    assert html == f"2{NBSP}018 — 6,5 дн."
