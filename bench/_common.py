"""Shared pieces of the benchmarks: Django setup, timing, and the figure lines they print.

Every benchmark prints its results as lines `NAME: VALUE UNIT` on stdout (e.g.
`generator.rate: 4710 msg/s`) so that runs can be compared by a script; everything else goes to
stderr. `make bench` (cur/devstack.py) runs each script against a separate database whose name
ends with `_bench`, migrated and with reference data loaded, and passes its extra arguments to
every script: scripts parse them with `parse_args`, which ignores the ones they do not know.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(settings_module: str = "cur.settings.local") -> None:
    """Configure Django from the environment the launcher gives (DATABASE_URL, REDIS_URL)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def parse_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The arguments this benchmark knows; the others are meant for other benchmarks."""
    args, _unknown = parser.parse_known_args()
    return args


def say(text: str) -> None:
    print(f"[бенчмарк] {text}", file=sys.stderr, flush=True)


def figure(name: str, value: float | int, unit: str, digits: int = 1) -> None:
    """Print one result line: `NAME: VALUE UNIT`."""
    shown = str(value) if isinstance(value, int) else f"{value:.{digits}f}"
    print(f"{name}: {shown} {unit}", flush=True)


class Stopwatch:
    seconds: float = 0.0


@contextmanager
def timed():
    """`with timed() as watch: …` then `watch.seconds`."""
    watch = Stopwatch()
    started = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - started


def database_name() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["NAME"]


def require_bench_database(force: bool) -> None:
    """Benchmarks wipe tables: refuse to touch a database not made for them."""
    name = database_name()
    if not name.endswith("_bench") and not force:
        sys.exit(
            f"База данных «{name}» не похожа на базу для бенчмарков (имя должно оканчиваться на _bench): "
            "бенчмарк удаляет данные. Запустите через «make bench» или добавьте --force."
        )


def size_label(count: int) -> str:
    """1000000 → «1m», 200000 → «200k», 1500 → «1500»: for figure names."""
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    if count >= 1000 and count % 1000 == 0:
        return f"{count // 1000}k"
    return str(count)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def delete_bench_messages(channel_id: int, prefix: str) -> int:
    """Delete the messages a benchmark made (external_id starting with `prefix` in the channel),
    with their history and stored analysis; returns how many messages went."""
    from django.db import connection, transaction

    chosen = "(SELECT id FROM feedback_message WHERE channel_id = %s AND external_id LIKE %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        # The history refuses DELETE unless the session says it is purging on purpose.
        cursor.execute("SET LOCAL cur.purge = 'on'")
        for table in ("feedback_messagesuggestion", "feedback_messageevent"):
            cursor.execute(f"DELETE FROM {table} WHERE message_id IN {chosen}", [channel_id, prefix + "%"])
        cursor.execute("DELETE FROM feedback_message WHERE channel_id = %s AND external_id LIKE %s", [channel_id, prefix + "%"])
        return cursor.rowcount


def settle_database(tables: tuple[str, ...] = ("feedback_message", "feedback_messageevent", "ratings_statdelta")) -> None:
    """Fold the statistics log, vacuum the tables a benchmark writes and checkpoint, so that a run
    neither inherits the dead rows and pending writes of the previous one nor leaves its own."""
    from django.db import DatabaseError, connection

    from ratings.services.stats import stats_fold

    stats_fold()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        with contextlib.suppress(DatabaseError):  # needs a superuser (or pg_checkpoint); a settled table will do
            cursor.execute("CHECKPOINT")
