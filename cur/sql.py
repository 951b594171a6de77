"""Many rows in one statement, through Django's cursor (so query counts and logs see it), and
COPY for the large batches where quoting each value as SQL would cost more than the insert."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

# A batch this large goes by COPY (see copy_rows); a smaller one as one INSERT … VALUES.
COPY_FROM = 100


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


# COPY's text format: these four characters are written escaped, everything else as it is.
_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        if "\x00" in value:  # as psycopg2 refuses it in a VALUES list, before anything is sent
            raise ValueError("Текст не может содержать символ NUL (0x00).")
        return value.translate(_ESCAPES)
    if isinstance(value, datetime | date):
        return value.isoformat()  # aware datetimes carry their offset
    if isinstance(value, int | float):
        return repr(value)
    raise TypeError(f"COPY: значение типа {type(value).__name__} не поддерживается")


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Load rows into `table` with COPY … FROM STDIN.

    The values travel as data, never as SQL text, so residents' text cannot change the statement;
    a text containing NUL is refused (ValueError) as psycopg2 refuses it in any insert (the forms
    refuse it first).
    COPY bypasses Django's query log: callers use it for batches only (COPY_FROM).
    """
    lines = "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    raw.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(lines))
