"""Reading messages exported by other systems: CSV, XLSX, JSON Lines.

A reader yields `Row`s: the line number a user sees (the header is line 1 in CSV and XLSX, as in
Excel or LibreOffice; in JSON Lines every line is one record) and a dict of the raw values under
the file's own column names. Values stay raw (strings from CSV, numbers and datetimes from XLSX,
JSON values): validation is the form's job. A row that cannot be read carries an `error` and the
reading goes on; a file that cannot be read at all raises `ReaderError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMATS = ("csv", "xlsx", "jsonl")
_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_DELIMITERS = (";", "\t", ",")
_CHUNK = 1 << 20
# Residents write long letters; csv's default limit of 128 KiB per field would reject them.
_FIELD_SIZE_LIMIT = 16 << 20


class ReaderError(Exception):
    """The file cannot be read at all; the message is Russian and says what to do."""


@dataclass
class Row:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def guess_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise ReaderError("Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx или CSV.")
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(sorted(_EXTENSIONS))
        raise ReaderError(
            f"Не удалось определить формат файла по расширению «{suffix or 'нет'}» (известны: {known}); "
            "укажите его через --format csv|xlsx|jsonl."
        ) from None


def open_reader(source: str | Path | IO[bytes], fmt: str | None = None, *, encoding: str | None = None) -> Reader:
    """A reader for a path or a binary file object (an upload), by format or by the file's extension."""
    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "")
    fmt = fmt or guess_format(name)
    if fmt == "csv":
        return CsvReader(source, encoding=encoding)
    if fmt == "xlsx":
        return XlsxReader(source)
    if fmt == "jsonl":
        return JsonLinesReader(source, encoding=encoding)
    raise ReaderError(f"Формат «{fmt}» не поддерживается; известны: {', '.join(FORMATS)}.")


class Reader:
    """columns: the header as the file has it (for JSON Lines, the keys of the first record)."""

    columns: list[str]
    # False when the columns are only a sample (JSON Lines: the first record's keys).
    complete_header = True
    # Rows in the file if the format tells it without reading everything (XLSX), else None.
    total: int | None = None

    def __iter__(self) -> Iterator[Row]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _open_binary(source) -> IO[bytes]:
    if isinstance(source, str | Path):
        try:
            return open(source, "rb")  # noqa: SIM115 - closed by the reader
        except OSError as exc:
            raise ReaderError(f"Не удалось открыть файл «{source}»: {exc.strerror or exc}.") from exc
    source.seek(0)
    return source


def unique_columns(header: list[Any]) -> list[str]:
    """Column names as dict keys: an empty header becomes «Колонка N», a repeated one «Имя (2)»."""
    columns: list[str] = []
    for number, cell in enumerate(header, start=1):
        name = "" if cell is None else str(cell).lstrip("\ufeff").strip()
        name = name or f"Колонка {number}"
        candidate, n = name, 1
        while candidate in columns:
            n += 1
            candidate = f"{name} ({n})"
        columns.append(candidate)
    return columns


# CSV ----------------------------------------------------------------------------------------


def detect_encoding(stream: IO[bytes]) -> str:
    """utf-8 (with or without BOM), utf-16 with BOM, else cp1251 — what Russian offices export.

    The whole file is checked, not a sample: a cp1251 byte deep inside an otherwise ASCII file
    would otherwise stop the import half-way.
    """
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1251"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            stream.seek(0)
    raise ReaderError("Не удалось определить кодировку файла: ожидается UTF-8 или Windows-1251 (cp1251).")


def detect_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most columns; «;» wins a tie (Russian Excel)."""
    best, best_count = ",", 1
    for delimiter in _DELIMITERS:
        count = len(next(csv.reader([first_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


class CsvReader(Reader):
    def __init__(self, source, *, encoding: str | None = None):
        self._binary = _open_binary(source)
        self._owns = isinstance(source, str | Path)
        self.encoding = encoding or detect_encoding(self._binary)
        self._binary.seek(0)
        self._text = io.TextIOWrapper(self._binary, encoding=self.encoding, newline="")
        try:
            first_line = self._text.readline()
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReaderError(f"Файл не читается в кодировке {self.encoding}: {exc}.") from exc
        self._text.seek(0)
        self.delimiter = detect_delimiter(first_line)
        csv.field_size_limit(_FIELD_SIZE_LIMIT)
        self._csv = csv.reader(self._text, delimiter=self.delimiter)
        try:
            header = next(self._csv)
        except StopIteration:
            raise ReaderError("Файл пуст: нет даже строки заголовка.") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ReaderError(f"Не удалось прочитать заголовок CSV: {exc}.") from exc
        self.columns = unique_columns(header)

    def __iter__(self) -> Iterator[Row]:
        # Records, not physical lines, are counted: a message text may span several lines, and the
        # user finds the record by the row number Excel or LibreOffice shows.
        line = 1
        width = len(self.columns)
        while True:
            try:
                record = next(self._csv)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ReaderError(f"Файл прочитан не полностью: после строки {line} ошибка формата CSV ({exc}).") from exc
            line += 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                yield Row(line, error=(
                    f"значений больше, чем колонок в заголовке ({len(record)} вместо {width}); "
                    f"вероятно, в тексте есть разделитель «{_delimiter_name(self.delimiter)}» без кавычек"
                ))
                continue
            yield Row(line, dict(zip(self.columns, record, strict=False)))

    def close(self) -> None:
        if self._owns:
            self._text.close()
        else:
            self._text.detach()


def _delimiter_name(delimiter: str) -> str:
    return "табуляция" if delimiter == "\t" else delimiter


# XLSX ---------------------------------------------------------------------------------------


class XlsxReader(Reader):
    """The first sheet; the first non-empty row is the header."""

    def __init__(self, source):
        import openpyxl  # a heavy import, needed only here

        self._owns = isinstance(source, str | Path)
        self._binary = _open_binary(source)
        try:
            self._book = openpyxl.load_workbook(self._binary, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            if self._owns:
                self._binary.close()
            raise ReaderError(f"Файл не похож на книгу Excel (.xlsx): {exc}.") from exc
        sheet = self._book.worksheets[0]
        self._rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        header, self._header_line = None, 0
        for line, cells in self._rows:
            if any(_filled(c) for c in cells):
                header, self._header_line = cells, line
                break
        if header is None:
            self.close()
            raise ReaderError("В первом листе книги нет данных: нет даже строки заголовка.")
        header = list(header)
        while header and not _filled(header[-1]):
            header.pop()
        self.columns = unique_columns(header)
        if sheet.max_row:
            self.total = max(sheet.max_row - self._header_line, 0)

    def __iter__(self) -> Iterator[Row]:
        width = len(self.columns)
        for line, cells in self._rows:
            # Cells to the right of the header are notes, not data: they do not reject the row.
            values = [_cell(c) for c in cells[:width]]
            if any(_filled(v) for v in values):
                yield Row(line, dict(zip(self.columns, values, strict=False)))

    def close(self) -> None:
        self._book.close()
        if self._owns:
            self._binary.close()


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


_FORMULA_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"})


def _cell(value):
    # A formula that failed in Excel is no value at all, not the text «#N/A».
    if isinstance(value, str) and value in _FORMULA_ERRORS:
        return None
    return value


# JSON Lines ---------------------------------------------------------------------------------


class JsonLinesReader(Reader):
    """One JSON object per line; nested objects are flattened to «author.name» keys.

    Lines are decoded one by one, so a line in a wrong encoding is one bad row, not a bad file.
    """

    complete_header = False

    def __init__(self, source, *, encoding: str | None = None):
        self._owns = isinstance(source, str | Path)
        self._binary = _open_binary(source)
        self.encoding = encoding or "utf-8"
        self.columns = self._first_keys()

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        self._binary.seek(0)
        for number, raw in enumerate(self._binary, start=1):
            yield number, raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw

    def _first_keys(self) -> list[str]:
        for _, raw in self._lines():
            if raw.strip():
                try:
                    record = json.loads(raw.decode(self.encoding))
                except (ValueError, LookupError):
                    return []
                return list(_flatten(record)) if isinstance(record, dict) else []
        raise ReaderError("Файл пуст: в нём нет ни одной записи.")

    def __iter__(self) -> Iterator[Row]:
        for line, raw in self._lines():
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode(self.encoding))
            except UnicodeDecodeError:
                yield Row(line, error=f"строка не в кодировке {self.encoding}")
                continue
            except ValueError as exc:
                yield Row(line, error=f"строка не является записью JSON ({getattr(exc, 'msg', exc)})")
                continue
            if not isinstance(record, dict):
                yield Row(line, error="ожидается объект JSON вида {\"text\": …}")
                continue
            yield Row(line, _flatten(record))

    def close(self) -> None:
        if self._owns:
            self._binary.close()


def _flatten(record: dict, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat
