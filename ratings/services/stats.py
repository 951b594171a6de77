"""Rebuilding the statistics rollups, and adding a bulk load's messages to them in one pass."""

from __future__ import annotations

import time

from django.db import connection, transaction

from ratings.stats.definitions import TABLES, aggregate_sql, grouped_select_sql


@transaction.atomic
def stats_rebuild() -> dict[str, float]:
    """Recount every rollup from the messages; writers wait, readers keep reading the old rows."""
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE feedback_message IN SHARE MODE")
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")
        for table in TABLES:
            started = time.perf_counter()
            cursor.execute(aggregate_sql(table))
            timings[table] = time.perf_counter() - started
    return timings


def stats_add_messages(cursor, first_id: int, last_id: int) -> None:
    """Add freshly loaded messages (ids first_id..last_id) that bypassed the trigger."""
    for table in TABLES:
        cursor.execute(aggregate_sql(table, "r.id BETWEEN %s AND %s"), [first_id, last_id])


def bulk_load_without_trigger(cursor) -> None:
    """For the current transaction, the rollup trigger skips its work (see stats_add_messages)."""
    cursor.execute("SET LOCAL cur.stats_bulk = 'on'")


def stats_mismatches(limit: int = 20) -> list[str]:
    """Rollup rows that differ from a direct count over the messages (empty when consistent).

    Rows whose measures all fell to zero (every message moved elsewhere) count as absent.
    """
    problems = []
    with connection.cursor() as cursor:
        for table, (key, measures) in TABLES.items():
            keys = [c for c, _ in key]
            values = [c for c, _ in measures]
            nonzero = " OR ".join(f"{c} <> 0" for c in values)
            rolled = f"SELECT {', '.join(keys)}, {', '.join(f'{c}::bigint' for c in values)} FROM {table} WHERE {nonzero}"
            direct = grouped_select_sql(table)
            # EXCEPT compares whole rows and treats NULL keys as equal, as the rollup's key does.
            cursor.execute(
                f"SELECT {', '.join(keys)} FROM (({rolled}) EXCEPT ({direct})) x "
                f"UNION SELECT {', '.join(keys)} FROM (({direct}) EXCEPT ({rolled})) y LIMIT {int(limit)}"
            )
            for row in cursor.fetchall():
                problems.append(f"{table}: строка {dict(zip(keys, row, strict=True))} не совпадает с подсчётом по сообщениям")
    return problems
