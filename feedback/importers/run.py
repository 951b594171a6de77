"""Importing a file of messages exported by another system.

Each row is validated by IncomingMessageForm (the same rules as the web form and the API); good
rows go to `messages_ingest` in batches, bad rows are collected with their line number and the
reasons in Russian. A bad row never stops the import. Each batch is its own transaction, and the
ingestion is idempotent on (channel, external_id), so an import that stopped half-way is simply
run again.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback.forms.intake import IncomingMessageForm, IntakeLookups
from feedback.models import Channel, EventKind, Message
from feedback.services.intake import IncomingMessage, messages_ingest

from .mapping import FIELDS, BoundMapping, ColumnMapping, MappingError
from .readers import Reader, ReaderError, Row, open_reader

BATCH_SIZE = 1000


class ImportFailed(Exception):
    """The file cannot be imported (unreadable, wrong mapping, no channel). Russian message.

    `result` holds what was done before the failure when the file broke off half-way.
    """

    def __init__(self, message: str, result: ImportResult | None = None):
        super().__init__(message)
        self.result = result


@dataclass
class RowError:
    line: int
    reasons: list[str]
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"строка {self.line}: " + "; ".join(_clause(r) for r in self.reasons)


@dataclass
class ImportResult:
    source: str
    columns: list[str]
    mapping: dict[str, str]  # file column → field
    dry_run: bool = False
    imported: int = 0
    duplicates: int = 0
    without_external_id: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.errors)

    @property
    def rows(self) -> int:
        return self.imported + self.duplicates + self.rejected


def _clause(sentence: str) -> str:
    """«Не заполнен текст сообщения.» → «не заполнен текст сообщения», to follow «строка 7: »."""
    text = sentence.strip()
    if text.endswith(".") and not text.endswith("…"):
        text = text[:-1]
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def channel_by_code(code: str) -> Channel:
    lookups = IntakeLookups()
    try:
        return lookups.channel(code)
    except ValidationError as exc:
        raise ImportFailed(f"Неизвестный канал «{code}»; известные коды каналов: {lookups.channel_codes()}.") from exc


def messages_import(
    *,
    source: str | Path | IO[bytes],
    channel: Channel | None = None,
    fmt: str | None = None,
    mapping: ColumnMapping | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    by=None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Import a CSV, XLSX or JSON Lines file. `channel`: for every row; None: the file's «Канал» column.

    `progress(done, total)` is called after each row: rows read so far, and the number of rows in
    the file when the format tells it in advance (XLSX), else None.
    With `dry_run` nothing is written; the counts are what a real run would give.
    """
    try:
        reader = open_reader(source, fmt, encoding=encoding)
    except ReaderError as exc:
        raise ImportFailed(str(exc)) from exc
    with reader:
        try:
            bound = (mapping or ColumnMapping()).bind(reader.columns, complete=reader.complete_header)
        except MappingError as exc:
            raise ImportFailed(str(exc)) from exc
        if channel is None and "channel" not in bound.column_of:
            raise ImportFailed(
                "Не указан канал поступления: укажите --channel с кодом канала "
                f"({IntakeLookups().channel_codes()}) или колонку «Канал» в файле."
            )
        run = _Import(reader, bound, channel=channel, dry_run=dry_run, by=by, batch_size=batch_size, source=source)
        try:
            for done, row in enumerate(reader, start=1):
                run.add(row)
                if progress:
                    progress(done, reader.total)
        except ReaderError as exc:
            run.finish()
            raise ImportFailed(str(exc) + _partial(run.result), result=run.result) from exc
        run.finish()
    return run.result


def _partial(result: ImportResult) -> str:
    return (
        f" До этого места загружено {result.imported}, пропущено как дубликаты {result.duplicates}, "
        f"отклонено {result.rejected}; при повторной загрузке исправленного файла загруженные строки с "
        "номером во внешней системе не задвоятся."
    )


class _Import:
    """The state of one import: validated rows waiting in batches per channel, and the counts."""

    def __init__(self, reader: Reader, bound: BoundMapping, *, channel, dry_run, by, batch_size, source):
        self.bound = bound
        self.channel = channel
        self.dry_run = dry_run
        self.by = by
        self.batch_size = batch_size
        self.file_name = Path(str(getattr(source, "name", source))).name
        self.lookups = IntakeLookups()
        self.now: datetime = timezone.now()
        self.batches: dict[int, tuple[Channel, list[IncomingMessage]]] = {}
        # A dry run writes nothing, so the duplicates inside the file are remembered here.
        self.seen: dict[int, set[str]] = {}
        self.result = ImportResult(
            source=self.file_name,
            columns=list(reader.columns),
            mapping={c: f for c, f in bound.fields.items() if f},
            dry_run=dry_run,
        )
        self.result.notices.extend(self._mapping_notices())

    def _mapping_notices(self) -> list[str]:
        notices = [
            f"Колонка «{column}» не загружается: поле «{FIELDS[target]}» берётся из колонки "
            f"«{self.bound.column_of.get(target, '—')}»."
            for column, target in self.bound.shadowed
        ]
        if self.bound.unused:
            shown = ", ".join(f"«{c}»" for c in self.bound.unused)
            notices.append(f"Не загружаются колонки, для которых нет поля сообщения: {shown}.")
        if self.channel is not None and "channel" in self.bound.column_of:
            notices.append(
                f"Колонка «{self.bound.column_of['channel']}» не учитывается: все сообщения загружаются "
                f"в канал «{self.channel.name}» ({self.channel.code})."
            )
        return notices

    def add(self, row: Row) -> None:
        if row.error:
            self._reject(row, [row.error])
            return
        data = self.bound.extract(row.values)
        if self.channel is not None:
            data.pop("channel", None)
        form = IncomingMessageForm(data, lookups=self.lookups, now=self.now)
        if not form.is_valid():
            self._reject(row, form.error_list())
            return
        channel = self.channel or form.cleaned_data["channel"]
        if channel is None:
            self._reject(row, [f"не указан канал поступления (колонка «{self.bound.column_of['channel']}»)"])
            return
        item = form.to_incoming()
        if item.kind is None and channel.default_kind_id is None:
            self._reject(row, [f"не указан вид сообщения, а у канала «{channel.name}» нет вида по умолчанию"])
            return
        # Kept in the message's history: where exactly this message came from.
        item.extra = {"file": self.file_name, "line": row.line}
        if not item.external_id:
            self.result.without_external_id += 1
        _, batch = self.batches.setdefault(channel.pk, (channel, []))
        batch.append(item)
        if len(batch) >= self.batch_size:
            self._flush(channel.pk)

    def _reject(self, row: Row, reasons: list[str]) -> None:
        self.result.errors.append(RowError(row.line, reasons, row.values))

    def _flush(self, channel_id: int) -> None:
        channel, items = self.batches.pop(channel_id)
        if self.dry_run:
            duplicates = self._dry_duplicates(channel, items)
            self.result.imported += len(items) - duplicates
            self.result.duplicates += duplicates
            return
        ingested = messages_ingest(channel=channel, items=items, by=self.by, event_kind=EventKind.IMPORTED)
        self.result.imported += len(ingested.created)
        self.result.duplicates += len(ingested.duplicates)

    def _dry_duplicates(self, channel: Channel, items: list[IncomingMessage]) -> int:
        """What messages_ingest would skip: numbers already in the database or earlier in the file."""
        seen = self.seen.setdefault(channel.pk, set())
        numbers = [i.external_id for i in items if i.external_id]
        seen.update(
            Message.objects.filter(channel=channel, external_id__in=numbers).values_list("external_id", flat=True)
        )
        duplicates = 0
        for number in numbers:
            if number in seen:
                duplicates += 1
            seen.add(number)
        return duplicates

    def finish(self) -> None:
        for channel_id in list(self.batches):
            self._flush(channel_id)
        if self.result.without_external_id:
            self.result.notices.append(
                f"Строк без номера во внешней системе: {self.result.without_external_id}. При повторной "
                "загрузке этого файла они будут добавлены ещё раз: повтор узнаётся только по номеру."
            )


def write_errors(result: ImportResult, target: str | Path | IO[str]) -> None:
    """The rejected rows as a CSV for Excel (UTF-8 with BOM, «;»): line, reasons, then the row as it was."""
    columns = list(result.columns)
    for error in result.errors:
        columns.extend(c for c in error.values if c not in columns)
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig", newline="") as stream:
            _write_errors(result, columns, stream)
    else:
        _write_errors(result, columns, target)


def _write_errors(result: ImportResult, columns: list[str], stream: IO[str]) -> None:
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(["Строка", "Ошибка", *columns])
    for error in result.errors:
        reasons = "; ".join(_clause(r) for r in error.reasons)
        writer.writerow([error.line, reasons, *(_plain(error.values.get(c)) for c in columns)])


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    return str(value)
