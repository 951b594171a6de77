"""python manage.py import_messages ФАЙЛ [--channel КОД] …: messages exported by other systems.

The work is done by feedback.importers.messages_import; this command only turns options into its
arguments and its result into text. Bad rows are reported and skipped, never fatal: the exit code
is non-zero only when the file could not be processed at all. Rows imported without a bad optional
value are reported as warnings.

The last line is for scripts: «imported N, skipped as duplicates N, rejected N», followed by
«, with warnings N» when some imported rows had values left out (a part of the imported ones).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from feedback.importers import (
    ColumnMapping,
    ImportFailed,
    ImportResult,
    MappingError,
    RowWarning,
    channel_by_code,
    messages_import,
    write_errors,
)
from feedback.importers.mapping import FIELDS
from feedback.importers.readers import FORMATS


class Command(BaseCommand):
    help = (
        "Загружает сообщения из файла, выгруженного другой системой (CSV, XLSX, JSON Lines). "
        "Повторная загрузка того же файла ничего не добавляет: повтор узнаётся по паре "
        "(канал, номер во внешней системе)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="ФАЙЛ", help="CSV (разделитель , ; или табуляция; UTF-8 или cp1251), XLSX или JSON Lines.")
        parser.add_argument("--channel", metavar="КОД", help="Код канала поступления для всех строк (pos, social, letter…). Без него канал берётся из колонки «Канал».")
        parser.add_argument("--format", choices=FORMATS, help="Формат файла, если его не видно по расширению.")
        parser.add_argument("--encoding", help="Кодировка CSV, если определилась неверно (utf-8, cp1251…).")
        parser.add_argument(
            "--map", action="append", default=[], metavar="КОЛОНКА=ПОЛЕ",
            help="Сопоставить колонку файла полю сообщения; можно повторять. Поля: " + ", ".join(FIELDS)
            + ". «Колонка=» — не загружать колонку.",
        )
        parser.add_argument("--mapping", metavar="ФАЙЛ.json", help='Сопоставление колонок в JSON: {"Колонка": "поле", …}.')
        parser.add_argument("--dry-run", action="store_true", help="Проверить файл и посчитать, ничего не записывая.")
        parser.add_argument("--errors-file", metavar="ОШИБКИ.csv", help="Записать отклонённые строки и строки, загруженные с предупреждениями, с причинами в CSV (для Excel).")
        parser.add_argument("--batch-size", type=int, default=1000, help="Сколько сообщений записывать за одну транзакцию.")
        parser.add_argument("--no-progress", action="store_true", help="Не показывать индикатор хода загрузки.")

    def handle(self, *args, **options):
        try:
            mapping = ColumnMapping.from_options(options["map"], options["mapping"])
            channel = channel_by_code(options["channel"]) if options["channel"] else None
        except (MappingError, ImportFailed) as exc:
            raise CommandError(str(exc)) from exc

        bar = tqdm(
            desc="Загрузка", unit=" строк", file=sys.stderr, leave=False,
            disable=options["no_progress"] or not sys.stderr.isatty(),
        )
        try:
            result = messages_import(
                source=options["path"], channel=channel, fmt=options["format"], mapping=mapping,
                encoding=options["encoding"], dry_run=options["dry_run"],
                batch_size=max(options["batch_size"], 1), progress=_advance(bar),
            )
        except ImportFailed as exc:
            if exc.result is not None:
                self._report(exc.result, options)
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        self._report(result, options)

    def _report(self, result: ImportResult, options) -> None:
        if options["verbosity"] >= 2:
            pairs = ", ".join(f"«{column}» → {target}" for column, target in result.mapping.items())
            self.stdout.write(f"Сопоставление колонок: {pairs}.")
        for notice in result.notices:
            self.stderr.write(self.style.WARNING(f"Внимание: {notice}"))
        for finding in result.findings():
            text = str(finding)
            self.stderr.write(self.style.WARNING(text) if isinstance(finding, RowWarning) else text)
        if options["errors_file"] and (result.errors or result.warnings):
            write_errors(result, options["errors_file"])
            self.stdout.write(
                f"Отклонённые строки и предупреждения с причинами записаны в {options['errors_file']}."
            )
        if result.dry_run:
            self.stdout.write("Пробный запуск (--dry-run): в базу ничего не записано, ниже — что было бы загружено.")
        warned = result.with_warnings
        conflicts = f" (из них конфликтов номеров {result.conflicts})" if result.conflicts else ""
        self.stdout.write(
            f"Загружено {result.imported}, пропущено как дубликаты {result.duplicates}, "
            f"отклонено {result.rejected}{conflicts}" + (f", с предупреждениями {warned}" if warned else "")
        )
        self.stdout.write(
            f"imported {result.imported}, skipped as duplicates {result.duplicates}, rejected {result.rejected}"
            + (f", with warnings {warned}" if warned else "")
        )


def _advance(bar: tqdm):
    def progress(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total  # XLSX knows its size: the bar shows a percentage
        bar.update(done - bar.n)

    return progress
