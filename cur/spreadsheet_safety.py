"""Text that goes into a CSV meant for Excel or LibreOffice must never run as a formula.

A cell starting with = + - or @ is a formula to a spreadsheet (CSV injection), also when spaces,
tabs or line breaks come first: «=HYPERLINK(…)» written by a resident or by another system would
run on the operator's computer. A leading apostrophe makes the spreadsheet show the cell as text.
XLSX files need no such prefix: their cells are written as strings explicitly (data_type "s").
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@")


def formula_safe(text: str) -> str:
    """«=1+2» → «'=1+2», «  @SUM(A1)» → «'  @SUM(A1)»; any other text as it is."""
    text = str(text)  # a lazy translation string is text too
    return f"'{text}" if text.lstrip()[:1] in FORMULA_START else text


def xlsx_text(sheet, row: int, col: int, value, *, font=None):
    """A cell of an openpyxl sheet holding `value` as text: set as a string explicitly, since
    openpyxl would take «=…» for a formula. Returns the cell for further styling."""
    cell = sheet.cell(row=row, column=col)
    cell.value = str(value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
