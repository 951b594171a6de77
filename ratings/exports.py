"""A slice as the table the page shows, and the same table as CSV and XLSX.

The page and both files are built from one `SliceTable`, so a download is exactly what the
reader sees. Totals come from the summed sums of the slice (a share of all answers, a median of
all intervals), never from averaging the cells. Slices hold aggregates only: no resident's
personal data can reach these files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from cur.spreadsheet_safety import formula_safe, xlsx_text
from ratings.selectors.slices import SliceResult
from ratings.stats.catalog import DIMENSIONS

MAX_ROWS = 200
# More columns than this make a table nobody reads; the totals still count every column.
MAX_COLS = 60
# Hours read better as days from two days on: «3,2 дн.» rather than «76,8 ч».
DAYS_FROM_HOURS = 48
NBSP = "\u00a0"


def _number(value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",")


def figure_text(value, unit: str) -> str:
    """A figure the Russian way: «1 234», «56,7 %», «12,5 ч», «3,2 дн.», «4,3»; «—» when there is none."""
    if value is None:
        return "—"
    if unit == "count":
        return _number(value, 0)
    if unit == "percent":
        return f"{_number(value, 1)}{NBSP}%"
    if unit == "hours":
        if value >= DAYS_FROM_HOURS:
            return f"{_number(value / 24, 1)}{NBSP}{_('дн.')}"
        return f"{_number(value, 1)}{NBSP}{_('ч')}"
    return _number(value, 1)


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    text: str


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Cell]
    total: Cell | None


@dataclass
class SliceTable:
    corner: str
    columns: list[str]
    rows: list[TableRow]
    totals: TableRow
    unit: str
    # A separate «Итого» column only when there are columns to add up.
    has_total_column: bool
    rows_found: int
    cols_found: int
    # No message at all matched the slice.
    empty: bool = False
    meta: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rows_cut(self) -> bool:
        return self.rows_found > len(self.rows)

    @property
    def cols_cut(self) -> bool:
        return self.cols_found > len(self.columns)

    def header(self) -> list[str]:
        return [self.corner, *self.columns, *([_("Итого")] if self.has_total_column else [])]

    def body(self) -> list[TableRow]:
        return [*self.rows, self.totals]


def slice_table(result: SliceResult, *, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> SliceTable:
    unit = result.measure.unit

    def cell(sums: dict | None) -> Cell:
        # No messages at all is an empty cell («—»), not a zero: nothing was there to count.
        value = result.figure(sums) if sums else None
        return Cell(value, figure_text(value, unit))

    query = result.query
    row_keys, col_keys = result.row_keys[:max_rows], result.col_keys[:max_cols]
    with_cols = query.cols is not None
    rows = [
        TableRow(
            result.label("rows", r),
            [cell(result.cells.get((r, c))) for c in col_keys],
            cell(result.row_totals.get(r)) if with_cols else None,
        )
        for r in row_keys
    ]
    totals = TableRow(_("Итого"), [cell(result.col_totals.get(c)) for c in col_keys], cell(result.total))
    if not with_cols:
        totals = TableRow(totals.label, [totals.total], totals.total)
    return SliceTable(
        corner=str(DIMENSIONS[query.rows].label) if query.rows else "",
        columns=[result.label("cols", c) for c in col_keys] if with_cols else [str(result.measure.label)],
        rows=rows,
        totals=totals,
        unit=unit,
        has_total_column=with_cols,
        rows_found=len(result.row_keys),
        cols_found=len(result.col_keys) if with_cols else 1,
        empty=not result.total,
    )


def _row_cells(table: SliceTable, row: TableRow) -> list[Cell]:
    return [*row.cells, *([row.total] if table.has_total_column else [])]


def csv_bytes(table: SliceTable) -> bytes:
    """UTF-8 with a BOM and «;» between fields, decimal commas: what Russian Excel opens as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([formula_safe(h) for h in table.header()])
    for row in table.body():
        values = []
        for c in _row_cells(table, row):
            if c.value is None:
                values.append("")
            elif table.unit == "count":
                values.append(str(c.value))
            else:
                values.append(f"{c.value:.1f}".replace(".", ","))
        writer.writerow([formula_safe(row.label), *values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


XLSX_FORMATS = {"count": "#,##0", "percent": "0.0%", "hours": "0.0", "score": "0.0"}


def xlsx_bytes(table: SliceTable, *, title: str) -> bytes:
    """One sheet with the table (numbers as numbers, percent as Excel percent) and one with the
    slice's parameters, so the file explains itself when forwarded."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Срез")[:31]
    bold = Font(bold=True)
    number_format = XLSX_FORMATS.get(table.unit, "General")

    def text_cell(row: int, col: int, value: str, *, strong: bool = False):
        return xlsx_text(sheet, row, col, value, font=bold if strong else None)

    for col, header in enumerate(table.header(), start=1):
        text_cell(1, col, header, strong=True).alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.body(), start=2):
        is_total = row is table.totals
        text_cell(r, 1, row.label, strong=is_total)
        for col, c in enumerate(_row_cells(table, row), start=2):
            if c.value is None:
                continue
            target = sheet.cell(row=r, column=col, value=c.value / 100 if table.unit == "percent" else c.value)
            target.number_format = number_format
            if is_total or (table.has_total_column and col == len(table.header())):
                target.font = bold
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = min(60, max([len(table.corner)] + [len(r.label) for r in table.body()]) + 2)
    for col in range(2, len(table.header()) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = max(10, min(24, len(table.header()[col - 1]) + 2))

    about = book.create_sheet(_("Параметры")[:31])
    text_cell_about = [(title, "")] + table.meta
    for r, (label, value) in enumerate(text_cell_about, start=1):
        for col, text in ((1, label), (2, value)):
            xlsx_text(about, r, col, text, font=bold if col == 1 else Font())
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 80

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename(date_from: date, date_to: date, extension: str) -> str:
    return f"srez-{date_from.isoformat()}-{date_to.isoformat()}.{extension}"
