"""The month in rating URLs: /ratings/2026-11/ ↔ date(2026, 11, 1)."""

from datetime import date


class MonthConverter:
    regex = r"\d{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> date:
        year, month = value.split("-")
        return date(int(year), int(month), 1)

    def to_url(self, value: date | str) -> str:
        # Templates pass the text they already have («2026-11»), views pass dates.
        if isinstance(value, str):
            return value
        return f"{value.year:04d}-{value.month:02d}"
