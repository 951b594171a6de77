"""Importing a file of messages exported by another system.

Each row is validated by IncomingMessageForm (the same rules as the web form and the API); good
rows go to `messages_ingest` in batches, bad rows are collected with their line number and the
reasons in Russian. A bad row never stops the import. Each batch is its own transaction, and the
ingestion is idempotent on (channel, external_id), so an import that stopped half-way is simply
run again.

A resident's message is kept whenever it can be: a bad optional value (municipality, contacts,
coordinates, kind…) is left out and the row is imported with a warning that says what was left
out and why. A row is rejected only when it cannot be a message: no text, no date or a date still
to come, no channel, or a number the file already gave to another text (a conflict).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from cur.spreadsheet_safety import formula_safe
from feedback.forms.intake import IncomingMessageForm
from feedback.models import Channel, EventKind, Message
from feedback.services.intake import IncomingMessage, messages_ingest

from .lookups import ImportLookups
from .mapping import FIELDS, BoundMapping, ColumnMapping, MappingError
from .readers import Reader, ReaderError, Row, open_reader

BATCH_SIZE = 1000

# Fields a message can do without: a bad value is left out with a warning, the message is kept.
# A bad text, date, channel or number still rejects the row (the number is what makes a repeated
# import add nothing; without it the row would be added again on every run).
# The kind is optional too: without it the channel's default kind applies, as for an empty cell.
_LEFT_OUT = {
    "kind": "",  # said once the channel is known (see _Import._kind_warning)
    "municipality": "сообщение загружено без муниципального образования",
    "address": "сообщение загружено без адреса проблемы",
    "latitude": "сообщение загружено без координат",
    "longitude": "сообщение загружено без координат",
    "author_name": "сообщение загружено без ФИО автора",
    "author_email": "сообщение загружено без электронной почты автора",
    "author_phone": "сообщение загружено без телефона автора",
    "author_address": "сообщение загружено без почтового адреса автора",
    "author_handle": "сообщение загружено без профиля автора",
    "source_url": "сообщение загружено без ссылки на источник",
}
# Latitude and longitude make one point: when either is bad, both are left out.
_TOGETHER = {"latitude": ("latitude", "longitude"), "longitude": ("latitude", "longitude")}


class ImportFailed(Exception):
    """The file cannot be imported (unreadable, wrong mapping, no channel). Russian message.

    `result` holds what was done before the failure when the file broke off half-way.
    """

    def __init__(self, message: str, result: ImportResult | None = None):
        super().__init__(message)
        self.result = result


@dataclass
class RowError:
    """A rejected row. `conflict_with`: the earlier line that gave the same number to another text."""

    line: int
    reasons: list[str]
    values: dict[str, Any] = field(default_factory=dict)
    conflict_with: int | None = None

    kind_label = "ошибка"

    def __str__(self) -> str:
        return f"строка {self.line}: " + "; ".join(_clause(r) for r in self.reasons)


@dataclass
class RowWarning:
    """A row imported without some of its values; each reason says what was left out and why."""

    line: int
    reasons: list[str]
    values: dict[str, Any] = field(default_factory=dict)

    kind_label = "предупреждение"

    def __str__(self) -> str:
        return f"строка {self.line}, предупреждение: " + "; ".join(_clause(r) for r in self.reasons)


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
    # Rows imported (not skipped as duplicates) with some values left out, by line.
    warnings: list[RowWarning] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.errors)

    @property
    def with_warnings(self) -> int:
        """Imported rows with warnings: a part of `imported`."""
        return len(self.warnings)

    @property
    def conflicts(self) -> int:
        """Rejected rows whose number an earlier row of the file gave to another text: a part of `rejected`."""
        return sum(1 for error in self.errors if error.conflict_with is not None)

    def findings(self) -> list[RowError | RowWarning]:
        """Errors and warnings together, in the order of the file."""
        return sorted([*self.errors, *self.warnings], key=lambda finding: finding.line)

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
    """The channel for every row: by code, by name or by words of its name («Телефон»)."""
    lookups = ImportLookups()
    try:
        return lookups.channel(code)
    except ValidationError as exc:
        if exc.code == "ambiguous_channel":
            raise ImportFailed(exc.messages[0]) from exc
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
                f"({ImportLookups().channel_codes()}) или колонку «Канал» в файле."
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
    warned = f" (из них с предупреждениями {result.with_warnings})" if result.with_warnings else ""
    return (
        f" До этого места загружено {result.imported}{warned}, пропущено как дубликаты {result.duplicates}, "
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
        self.lookups = ImportLookups()
        self.now: datetime = timezone.now()
        # Per channel: the validated items waiting for their batch, and each item's warning.
        self.batches: dict[int, tuple[Channel, list[IncomingMessage], list[RowWarning | None]]] = {}
        # A dry run writes nothing, so the duplicates inside the file are remembered here.
        self.seen: dict[int, set[str]] = {}
        # (channel, number) → the first line with that number and its text's digest, for conflicts.
        self.numbers: dict[tuple[int, str], tuple[int, bytes]] = {}
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
        left_out: dict[str, list[str]] = {}  # field → why its value was left out
        if not form.is_valid():
            if any(name not in _LEFT_OUT for name in form.errors):
                self._reject(row, form.error_list())
                return
            # Only optional values are bad: the message is kept without them.
            for name in (name for name in form.fields if name in form.errors):  # in the order of the fields
                for other in _TOGETHER.get(name, (name,)):
                    left_out.setdefault(other, [])
                left_out[name].extend(str(message) for message in form.errors[name])
            form = IncomingMessageForm({**data, **dict.fromkeys(left_out, "")}, lookups=self.lookups, now=self.now)
            if not form.is_valid():  # an emptied optional field is always valid; kept safe anyway
                self._reject(row, form.error_list())
                return
        channel = self.channel or form.cleaned_data["channel"]
        if channel is None:
            self._reject(row, [f"не указан канал поступления (колонка «{self.bound.column_of['channel']}»)"])
            return
        item = form.to_incoming()
        if item.kind is None and channel.default_kind_id is None:
            self._reject(row, [
                *left_out.get("kind", []),
                f"не указан вид сообщения, а у канала «{channel.name}» нет вида по умолчанию",
            ])
            return
        if item.external_id and self._conflict(row, channel, item):
            return
        warning = RowWarning(row.line, self._warnings(left_out, channel), row.values) if left_out else None
        # Kept in the message's history: where exactly this message came from, and what was left out.
        item.extra = {"file": self.file_name, "line": row.line}
        if warning:
            item.extra["warnings"] = [_clause(reason) for reason in warning.reasons]
        if not item.external_id:
            self.result.without_external_id += 1
        _, batch, warnings = self.batches.setdefault(channel.pk, (channel, [], []))
        batch.append(item)
        warnings.append(warning)
        if len(batch) >= self.batch_size:
            self._flush(channel.pk)

    @staticmethod
    def _warnings(left_out: dict[str, list[str]], channel: Channel) -> list[str]:
        """One reason per thing left out: the form's sentences, then what the import did instead."""
        said: dict[str, list[str]] = {}  # consequence → why (both coordinates share one)
        for name, messages in left_out.items():
            consequence = _LEFT_OUT[name] or (
                f"сообщению дан вид канала по умолчанию «{channel.default_kind.name}»; проверьте вид и срок ответа"
            )
            said.setdefault(consequence, []).extend(_clause(message) for message in messages)
        return [f"{'; '.join(why)} — {consequence}" for consequence, why in said.items() if why]

    def _conflict(self, row: Row, channel: Channel, item: IncomingMessage) -> bool:
        """The same number earlier in this file with another text: the first row wins, this one is reported."""
        digest = hashlib.blake2b(" ".join(item.text.split()).encode(), digest_size=16).digest()
        first = self.numbers.setdefault((channel.pk, item.external_id), (row.line, digest))
        if first[1] == digest:
            return False  # the first time, or the same message again: a duplicate, skipped as such
        self.result.errors.append(RowError(row.line, [
            f"номер «{item.external_id}» уже встречался в строке {first[0]}, но текст сообщения другой; "
            f"строка {row.line} не загружена — проверьте, какой из двух текстов верный",
        ], row.values, conflict_with=first[0]))
        return True

    def _reject(self, row: Row, reasons: list[str]) -> None:
        self.result.errors.append(RowError(row.line, reasons, row.values))

    def _flush(self, channel_id: int) -> None:
        channel, items, warnings = self.batches.pop(channel_id)
        if self.dry_run:
            skipped = self._dry_duplicates(channel, items)
        else:
            ingested = messages_ingest(channel=channel, items=items, by=self.by, event_kind=EventKind.IMPORTED)
            skipped = {id(item) for item in ingested.duplicates}
        self.result.imported += len(items) - len(skipped)
        self.result.duplicates += len(skipped)
        # A row skipped as a duplicate was not imported: its warnings no longer matter.
        self.result.warnings.extend(w for item, w in zip(items, warnings, strict=True) if w and id(item) not in skipped)

    def _dry_duplicates(self, channel: Channel, items: list[IncomingMessage]) -> set[int]:
        """What messages_ingest would skip (as ids of the items): numbers already in the database or earlier in the file."""
        seen = self.seen.setdefault(channel.pk, set())
        numbers = [i.external_id for i in items if i.external_id]
        seen.update(
            Message.objects.filter(channel=channel, external_id__in=numbers).values_list("external_id", flat=True)
        )
        duplicates = set()
        for item in items:
            if not item.external_id:
                continue
            if item.external_id in seen:
                duplicates.add(id(item))
            seen.add(item.external_id)
        return duplicates

    def finish(self) -> None:
        for channel_id in list(self.batches):
            self._flush(channel_id)
        self.result.warnings.sort(key=lambda warning: warning.line)
        if self.result.without_external_id:
            self.result.notices.append(
                f"Строк без номера во внешней системе: {self.result.without_external_id}. При повторной "
                "загрузке этого файла они будут добавлены ещё раз: повтор узнаётся только по номеру."
            )


def write_errors(result: ImportResult, target: str | Path | IO[str]) -> None:
    """Rejected rows and rows imported with warnings as a CSV for Excel (UTF-8 with BOM, «;»).

    Each row: the line, «ошибка» or «предупреждение», the reasons, then the row as it was in the
    file. Text that a spreadsheet would run as a formula is written as text (cur.spreadsheet_safety).
    """
    findings = result.findings()
    columns = list(result.columns)
    for finding in findings:
        columns.extend(c for c in finding.values if c not in columns)
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig", newline="") as stream:
            _write_errors(findings, columns, stream)
    else:
        _write_errors(findings, columns, target)


def _write_errors(findings: list[RowError | RowWarning], columns: list[str], stream: IO[str]) -> None:
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(["Строка", "Тип", "Причина", *map(formula_safe, columns)])
    for finding in findings:
        reasons = "; ".join(_clause(r) for r in finding.reasons)
        writer.writerow([
            finding.line, finding.kind_label, formula_safe(reasons), *(_plain(finding.values.get(c)) for c in columns),
        ])


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, int | float):
        return str(value)  # a number is never a formula, a negative one included
    return formula_safe(str(value))
