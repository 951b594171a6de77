"""cur.sql.copy_rows: values reach the table exactly as given, and stay data."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction

from cur.sql import copy_rows

pytestmark = pytest.mark.django_db

TRICKY = [
    "табуляция\tи перевод\nстроки\r\n",
    "обратная косая \\N и \\t, кавычки ' \" и `",
    "'); DROP TABLE feedback_message; --",
    "\\.",
    "эмодзи 🚧 и ё",
    "",
]


def _scratch():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE copy_check (n int, t text, b boolean, f float8, at timestamptz, d date, nothing text)")


def test_it_keeps_every_value_as_it_was():
    _scratch()
    at = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
    rows = [(i, text, i % 2 == 0, 55.75 + i, at, date(2026, 3, 1), None) for i, text in enumerate(TRICKY)]
    with connection.cursor() as cursor:
        copy_rows(cursor, "copy_check", ["n", "t", "b", "f", "at", "d", "nothing"], rows)
        cursor.execute("SELECT n, t, b, f, at, d, nothing FROM copy_check ORDER BY n")
        assert cursor.fetchall() == rows
        cursor.execute("SELECT count(*) FROM feedback_message")  # the «DROP TABLE» was a text


def test_a_text_with_nul_is_refused_and_nothing_is_written():
    _scratch()
    with pytest.raises(ValueError), transaction.atomic(), connection.cursor() as cursor:
        copy_rows(cursor, "copy_check", ["n", "t"], [(1, "хорошо"), (2, "с \x00 нулём")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM copy_check")
        assert cursor.fetchone() == (0,)


def test_it_refuses_a_value_it_does_not_know_how_to_write():
    _scratch()
    with pytest.raises(TypeError), connection.cursor() as cursor:
        copy_rows(cursor, "copy_check", ["n"], [(object(),)])
