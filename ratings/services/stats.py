"""Keeping the statistics rollups: folding the delta log into them, rebuilding them, and adding a
bulk load's messages in one pass."""

from __future__ import annotations

import time

from django.db import connection, transaction

from ratings.stats.definitions import (
    DELTA_TABLE,
    ROLLUP_TABLES,
    ROLLUPS,
    ROLLUPS_BY_NAME,
    aggregate_sql,
    derive_sql,
    grouped_select_sql,
)


@transaction.atomic
def stats_rebuild() -> dict[str, float]:
    """Recount every rollup from the messages; writers wait, readers keep reading the old rows.

    The messages are read once per base rollup (monthly, daily); the sector lattice is summed
    from those, which is the same arithmetic over far fewer rows.
    """
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE feedback_message IN SHARE MODE")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK])
        # The recount holds every committed change, so the log's rows are in it already.
        cursor.execute(f"TRUNCATE {', '.join(ROLLUP_TABLES)}, {DELTA_TABLE}")
        for rollup in ROLLUPS:
            started = time.perf_counter()
            if rollup.parent:
                cursor.execute(derive_sql(rollup, ROLLUPS_BY_NAME[rollup.parent].table))
            else:
                cursor.execute(aggregate_sql(rollup))
            timings[rollup.name] = time.perf_counter() - started
    return timings


def stats_add_messages(cursor, first_id: int, last_id: int) -> None:
    """Add freshly loaded messages (ids first_id..last_id) that bypassed the trigger."""
    _add_rows(cursor, "feedback_message", "r.id BETWEEN %s AND %s", [first_id, last_id])


def _add_rows(cursor, source: str, where: str, params: list, sign: int | str = 1) -> None:
    """Add the rows of `source` matching `where`, each counted `sign` times, to every rollup.

    Each base rollup's rows are computed once into a temporary table, added to the base rollup
    and summed from there into the rollups derived from it.
    """
    for base in (r for r in ROLLUPS if not r.parent):
        scratch = f"new_{base.name}_rows"
        cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
        cursor.execute(f"CREATE TEMP TABLE {scratch} ON COMMIT DROP AS {grouped_select_sql(base, where, source, sign)}", params)
        columns = ", ".join(c for c, _ in base.key + base.measures)
        cursor.execute(
            f"INSERT INTO {base.table} AS s ({columns}) SELECT {columns} FROM {scratch} "
            f"ON CONFLICT ({', '.join(c for c, _ in base.key)}) DO UPDATE SET "
            + ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c, _ in base.measures)
        )
        for rollup in (r for r in ROLLUPS if r.parent == base.name):
            cursor.execute(derive_sql(rollup, scratch))
        cursor.execute(f"DROP TABLE {scratch}")


# One fold at a time: two folds adding to the same rollup rows in different orders could deadlock.
FOLD_LOCK = 0x63757273746174  # "curstat"
_TAKEN = "stat_fold_taken"


def stats_fold(*, wait: bool = True) -> int:
    """Move the delta log's committed rows into the rollups; the number of rows folded.

    Readers of the rollups call it first (ratings.selectors.slices), so a figure includes every
    change committed before it was asked for; a beat task calls it every few seconds so the log
    stays short. With `wait=False` a fold already running elsewhere is not waited for: a reader
    then sees the rollups as that fold leaves them, less than a second later.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DELTA_TABLE})")
        if not cursor.fetchone()[0]:
            return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {'pg_advisory_xact_lock' if wait else 'pg_try_advisory_xact_lock'}(%s)", [FOLD_LOCK])
        if not wait and not cursor.fetchone()[0]:
            return 0
        cursor.execute(f"DROP TABLE IF EXISTS {_TAKEN}")
        cursor.execute(f"CREATE TEMP TABLE {_TAKEN} ON COMMIT DROP AS SELECT * FROM {DELTA_TABLE} WITH NO DATA")
        # Exactly the rows this statement deletes are folded: a row committed meanwhile stays for the next fold.
        cursor.execute(f"WITH taken AS (DELETE FROM {DELTA_TABLE} RETURNING *) INSERT INTO {_TAKEN} SELECT * FROM taken")
        folded = cursor.rowcount
        if folded:
            _add_rows(cursor, _TAKEN, "TRUE", [], sign="r.sign")
        cursor.execute(f"DROP TABLE {_TAKEN}")
    return folded


def bulk_load_without_trigger(cursor) -> None:
    """For the current transaction, the rollup trigger skips its work (see stats_add_messages)."""
    cursor.execute("SET LOCAL cur.stats_bulk = 'on'")


class _BulkLoad:
    """A bulk load of messages (feedback.demo.generator.BulkStatistics) as the rollups take it."""

    before = staticmethod(bulk_load_without_trigger)
    after = staticmethod(stats_add_messages)


BULK_LOAD = _BulkLoad()


def stats_mismatches(limit: int = 20) -> list[str]:
    """Rollup rows that differ from a direct count over the messages (empty when consistent).

    Rows whose measures all fell to zero (every message moved elsewhere) count as absent.
    """
    problems = []
    stats_fold()
    with connection.cursor() as cursor:
        for rollup in ROLLUPS:
            table = rollup.table
            keys = [c for c, _ in rollup.key]
            values = [c for c, _ in rollup.measures]
            nonzero = " OR ".join(f"{c} <> 0" for c in values)
            rolled = (
                f"SELECT {', '.join(keys)}, {', '.join(f'{c}::bigint' for c in values)} FROM {table} "
                f"WHERE ({rollup.owns}) AND ({nonzero})"
            )
            direct = grouped_select_sql(rollup)
            # EXCEPT compares whole rows and treats NULL keys as equal, as the rollup's key does.
            cursor.execute(
                f"SELECT {', '.join(keys)} FROM (({rolled}) EXCEPT ({direct})) x "
                f"UNION SELECT {', '.join(keys)} FROM (({direct}) EXCEPT ({rolled})) y LIMIT {int(limit)}"
            )
            for row in cursor.fetchall():
                problems.append(f"{table}: строка {dict(zip(keys, row, strict=True))} не совпадает с подсчётом по сообщениям")
    return problems
