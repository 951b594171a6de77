"""Benchmark: the demo data generator, and how far it is from the floor of a plain COPY.

Empties the message tables of the bench database, generates `--messages` messages (one million
by default) with their answers and history, then copies the very same rows out and back into
temporary tables without indexes, constraints or computed columns: the time PostgreSQL needs
just to take the bytes in. The ratio says how much the generation, the indexes, the foreign-key
checks and the full-text column cost on top of that.

The generated data is left in place: the benchmarks that run after this one use it.
"""

from __future__ import annotations

import argparse
import io

from _common import figure, parse_args, require_bench_database, say, setup_django, size_label, timed


def _truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE feedback_message, feedback_messageevent, feedback_answer, feedback_personaldataview, "
            "feedback_massproblem CASCADE"
        )


def _generate(args: argparse.Namespace):
    from tqdm import tqdm

    from feedback.demo.generator import generate_demo_data

    with tqdm(total=args.messages, unit="сообщ", desc="Демо-сообщения", dynamic_ncols=True) as bar:
        return generate_demo_data(
            messages=args.messages, months=args.months, seed=args.seed, progress=bar.update, phase=bar.set_description
        )


def _copy_floor(table: str, columns: tuple[str, ...]) -> tuple[float, int]:
    """(seconds, bytes) of a COPY of the table's rows into a temporary table of the same columns."""
    from django.db import connection

    from feedback.demo.generator import COPY_BLOCK

    listed = ", ".join(columns)
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.copy_expert(f"COPY (SELECT {listed} FROM {table}) TO STDOUT", buffer)
        cursor.execute(f"CREATE TEMP TABLE floor_{table} AS SELECT {listed} FROM {table} WITH NO DATA")
        buffer.seek(0)
        with timed() as watch:
            raw.copy_expert(f"COPY floor_{table} ({listed}) FROM STDIN", buffer, size=COPY_BLOCK)
        cursor.execute(f"DROP TABLE floor_{table}")
    return watch.seconds, buffer.getbuffer().nbytes


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк генератора демо-данных")
    parser.add_argument("--messages", type=int, default=1_000_000, help="сколько сообщений (по умолчанию 1000000)")
    parser.add_argument("--10m", dest="ten_million", action="store_true",
                        help="десять миллионов сообщений за 24 месяца: проверка целей «быстро при 10M»")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="разрешить базу, имя которой не оканчивается на _bench")
    args = parse_args(parser)
    if args.ten_million:
        args.messages, args.months = 10_000_000, 24
    setup_django()
    require_bench_database(args.force)

    from feedback.demo.generator import ANSWER_COLUMNS, EVENT_COLUMNS, MESSAGE_COLUMNS

    say("очищаю таблицы сообщений")
    _truncate()
    with timed() as watch:
        result = _generate(args)
    seconds = watch.seconds
    label = size_label(args.messages)
    figure(f"generator.messages_{label}.seconds", seconds, "s")
    figure("generator.rate", args.messages / seconds, "msg/s", 0)
    figure("generator.events.rows", result.events, "rows")
    figure("generator.events.rate", result.events / seconds, "rows/s", 0)
    figure("generator.answers.rows", result.answers, "rows")
    figure("generator.answers.rate", result.answers / seconds, "rows/s", 0)
    figure("generator.copy.seconds", sum(result.copy_seconds.values()), "s")
    figure("generator.fk_check.seconds", result.check_seconds, "s")
    figure("generator.index_rebuild.seconds", result.index_seconds, "s")
    figure("generator.analyze.seconds", result.analyze_seconds, "s")

    say("меряю «пол»: COPY тех же строк во временные таблицы без индексов")
    floor = 0.0
    for name, table, columns in (
        ("messages", "feedback_message", MESSAGE_COLUMNS),
        ("events", "feedback_messageevent", EVENT_COLUMNS),
        ("answers", "feedback_answer", ANSWER_COLUMNS),
    ):
        table_seconds, size = _copy_floor(table, columns)
        floor += table_seconds
        figure(f"generator.copy_floor.{name}.seconds", table_seconds, "s")
        figure(f"generator.copy_floor.{name}.megabytes", size / 2**20, "MB", 0)
    figure("generator.copy_floor.seconds", floor, "s")
    figure("generator.ratio_to_copy", seconds / floor, "x")


if __name__ == "__main__":
    main()
