from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from feedback.calendar import ProductionCalendar
from feedback.deadlines import answer_deadline

MSK = ZoneInfo("Europe/Moscow")
cal = ProductionCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 8), False),  # новогодние каникулы
        (date(2025, 1, 9), True),
        (date(2025, 5, 2), False),  # перенесено с 04.01.2025
        (date(2025, 5, 8), False),  # перенесено с 23.02.2025
        (date(2025, 11, 1), True),  # рабочая суббота (выходной перенесён на 03.11)
        (date(2025, 11, 3), False),
        (date(2025, 12, 31), False),  # перенесено с 05.01.2025
        (date(2024, 4, 27), True),  # рабочая суббота 2024
        (date(2024, 4, 29), False),
        (date(2024, 12, 28), True),  # рабочая суббота перед Новым годом
        (date(2026, 3, 9), False),  # 8 марта 2026 — воскресенье, выходной переносится
        (date(2026, 5, 11), False),
        (date(2026, 6, 12), False),
        (date(2026, 11, 23), True),
    ],
)
def test_it_knows_russian_working_days_and_transfers(day, working):
    assert cal.is_working_day(day) is working


def test_it_applies_local_overrides_first():
    local = ProductionCalendar({date(2025, 11, 1): False, date(2025, 11, 3): True})
    assert local.is_working_day(date(2025, 11, 1)) is False
    assert local.is_working_day(date(2025, 11, 3)) is True


def test_it_counts_working_days_across_the_new_year_holidays():
    # Registered 26.12.2025 (Fri): 29, 30 Dec, then 31.12–11.01 are days off, 12.01 on.
    assert cal.add_working_days(date(2025, 12, 26), 3) == date(2026, 1, 12)


def test_it_counts_the_working_saturday_of_november_2025():
    # 30.10 (Thu) + 2 working days: 31.10 (Fri), 01.11 (working Sat).
    assert cal.add_working_days(date(2025, 10, 30), 2) == date(2025, 11, 1)
    assert cal.add_working_days(date(2025, 10, 31), 2) == date(2025, 11, 5)


def test_it_counts_working_hours_into_the_next_working_day():
    start = datetime(2025, 11, 4, 20, 0, tzinfo=MSK)  # праздник, вечер
    assert cal.add_working_hours(start, 8) == datetime(2025, 11, 5, 17, 0, tzinfo=MSK)
    friday = datetime(2024, 5, 8, 16, 0, tzinfo=MSK)  # 09–12.05.2024 выходные
    assert cal.add_working_hours(friday, 8) == datetime(2024, 5, 13, 15, 0, tzinfo=MSK)


def test_it_puts_deadlines_at_the_end_of_the_last_day():
    registered = datetime(2025, 4, 28, 10, 0, tzinfo=MSK)
    # 10 working days from 28.04.2025: 29, 30.04, 05, 06, 07, 12, 13, 14, 15, 16.05.
    assert answer_deadline(registered, 10, "working_days") == datetime(2025, 5, 16, 23, 59, 59, tzinfo=MSK)
    assert answer_deadline(registered, 30, "calendar_days") == datetime(2025, 5, 28, 23, 59, 59, tzinfo=MSK)


def test_it_counts_working_days_between_dates():
    assert cal.working_days_between(date(2025, 12, 26), date(2026, 1, 12)) == 3
    assert cal.working_days_between(date(2026, 1, 12), date(2025, 12, 26)) == -3
