"""The month in rating and report URLs: /ratings/2026-11/ ↔ date(2026, 11, 1); an impossible month is a 404."""

from datetime import date


class MonthConverter:
    regex = r"\d{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> date:
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 2100:
            raise ValueError(value)
        return date(year, month, 1)

    def to_url(self, value: date | str) -> str:
        # Templates pass the text they already have («2026-11»), views pass dates.
        if isinstance(value, str):
            return value
        return f"{value.year:04d}-{value.month:02d}"
