"""Dashboard periods: whole months from the 1st, compared with the same days months earlier."""

from datetime import date

import pytest

from ratings.periods import PERIOD_CHOICES, add_months, period_from_key, previous_period

TODAY = date(2025, 3, 15)


@pytest.mark.parametrize(
    ("key", "start", "end", "before_start", "before_end"),
    [
        ("month", date(2025, 3, 1), date(2025, 3, 15), date(2025, 2, 1), date(2025, 2, 15)),
        ("previous_month", date(2025, 2, 1), date(2025, 2, 28), date(2025, 1, 1), date(2025, 1, 31)),
        ("3_months", date(2025, 1, 1), date(2025, 3, 15), date(2024, 10, 1), date(2024, 12, 15)),
        ("year", date(2025, 1, 1), date(2025, 3, 15), date(2024, 1, 1), date(2024, 3, 15)),
        ("12_months", date(2024, 4, 1), date(2025, 3, 15), date(2023, 4, 1), date(2024, 3, 15)),
    ],
)
def test_it_builds_each_period_and_the_one_to_compare_with(key, start, end, before_start, before_end):
    period = period_from_key(key, TODAY)
    assert (period.key, period.date_from, period.date_to) == (key, start, end)
    before = previous_period(period)
    assert (before.date_from, before.date_to) == (before_start, before_end)
    # Every period starts on the 1st: the monthly rollup answers it.
    assert period.date_from.day == 1 and before.date_from.day == 1


def test_it_asks_the_rollup_up_to_the_months_end_only_for_a_period_ending_today():
    current = period_from_key("month", TODAY)
    assert current.query_to == date(2025, 3, 31)
    # Its comparison period ends on the 15th: the 16th–28th of February exist and are left out.
    assert previous_period(current).query_to == date(2025, 2, 15)
    assert period_from_key("previous_month", TODAY).query_to == date(2025, 2, 28)


def test_it_keeps_a_whole_month_whole_and_clamps_to_shorter_months():
    last_day = period_from_key("month", date(2025, 3, 31))
    assert (previous_period(last_day).date_from, previous_period(last_day).date_to) == (date(2025, 2, 1), date(2025, 2, 28))
    leap = period_from_key("previous_month", date(2024, 3, 10))
    assert (leap.date_from, leap.date_to) == (date(2024, 2, 1), date(2024, 2, 29))
    assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_it_falls_back_to_the_current_month_for_an_unknown_key():
    for key in (None, "", "week", "../etc"):
        assert period_from_key(key, TODAY).key == PERIOD_CHOICES[0][0]


def test_it_says_the_period_in_words_and_dates():
    period = period_from_key("3_months", TODAY)
    assert period.dates == "с 01.01.2025 по 15.03.2025"
    assert period.months == "январь 2025 – март 2025"
    assert period_from_key("previous_month", TODAY).months == "февраль 2025"
    assert period.days == 74
