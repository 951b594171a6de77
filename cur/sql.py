"""Many rows in one statement, through Django's cursor (so query counts and logs see it)."""

from __future__ import annotations

from collections.abc import Sequence


def values_sql(cursor, template: str, rows: Sequence[tuple]) -> str:
    """`(…), (…), …` for a VALUES list, each row quoted by psycopg2 from `template`."""
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    return b",".join(raw.mogrify(template, row) for row in rows).decode()


def execute_values(cursor, sql: str, template: str, rows: Sequence[tuple]) -> list[tuple]:
    """Run `sql`, whose one `%s` stands for the VALUES list, and return what it returns (if any).

    The SQL is complete when run (no parameters left), so a `%` in the rows' text is harmless.
    """
    cursor.execute(sql.replace("%s", values_sql(cursor, template, rows), 1))
    return cursor.fetchall() if cursor.description is not None else []
