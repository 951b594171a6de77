"""The PDF of a report version: its figures snapshot, drawn through a Django template by WeasyPrint.

Only the snapshot, the version's own fields and the conclusions go in, so a version's PDF can be
drawn again from what the archive holds. Fonts are the vendored PT Sans / PT Serif
(static/fonts, SIL OFL), so the PDF looks the same on a server without system fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cur.number_format import NBSP, format_number, ru_hours, ru_percent, ru_score
from ratings.periods import add_months
from ratings.reports import svg
from ratings.reports.wording import month_title, summary

MAX_CHART_BARS = 15


@dataclass(frozen=True)
class PdfMeta:
    """What the PDF says about the version itself."""

    number: int
    is_final: bool
    conclusions: str = ""
    issued_by: str = ""
    issued_at: datetime | None = None


def _charts(figures: dict) -> dict:
    days = [(date.fromisoformat(d).strftime("%d.%m"), n) for d, n in figures["daily"]]
    sectors = [(s["name"], s["received"]) for s in figures["sectors"]][:MAX_CHART_BARS]
    channels = [(c["name"], c["received"]) for c in figures["channels"]][:MAX_CHART_BARS]
    satisfaction = figures["satisfaction"]
    charts = {
        "daily": svg.line_chart(days, title=_("Поступление по дням")),
        "sectors": svg.hbar_chart(sectors, title=_("Поступило по отраслевым блокам")),
        "channels": svg.hbar_chart(channels, title=_("Поступило по каналам")),
    }
    if satisfaction["sectors"]:
        charts["satisfaction"] = svg.hbar_chart(
            [(s["name"], s["rated_high"]) for s in satisfaction["sectors"]], title=_("Доля оценок 4–5 по блокам"),
            scale_max=100, value_format=lambda v: ru_percent(v), target=satisfaction["target"],
            target_label=_("цель %(target)s") % {"target": ru_percent(satisfaction["target"], 0)},
        )
    ratings = figures.get("ratings")
    if ratings:
        for key in ("agencies_best", "municipalities_best"):
            rows = [(r["name"], r["score"]) for r in ratings[key] if r["score"] is not None]
            if rows:
                charts[key] = svg.hbar_chart(rows, title=key, scale_max=100, value_format=ru_score, bar_height=12)
    return {name: mark_safe(markup) for name, markup in charts.items()}  # noqa: S308 - svg.py escapes every label


def _difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _signed(value: float | None, shown) -> str:
    """«↑ 0,1», «↓ 1,2 дн.»: the change of a score or a time, in its own units."""
    if value is None:
        return "—"
    text = shown(abs(value))
    if text in (shown(0), "0,0"):
        return _("без изменений")
    return f"{'↑' if value > 0 else '↓'}{NBSP}{text}"


def _deltas(totals: dict) -> dict:
    return {
        "on_time": _difference(totals["on_time"], totals["on_time_previous"]),
        "rated_high": _difference(totals["rated_high"], totals["rated_high_previous"]),
        "avg_rating": _signed(_difference(totals["avg_rating"], totals["avg_rating_previous"]), lambda v: format_number(v, 2)),
        "median_answer": _signed(_difference(totals["median_answer"], totals["median_answer_previous"]), ru_hours),
    }


def _rating_tables(ratings: dict | None) -> list[dict]:
    if not ratings:
        return []
    names = ratings.get("criteria_names") or {}
    # The criteria columns share what the fixed columns leave; the name takes the rest.
    criterion_width = 9 if names else 0
    tables = []
    for key, title in (
        ("agencies_best", _("Органы власти: лучшие")), ("agencies_worst", _("Органы власти: худшие")),
        ("municipalities_best", _("Муниципальные образования: лучшие")),
        ("municipalities_worst", _("Муниципальные образования: худшие")),
    ):
        rows = [
            {**row, "change_text": _signed(row["change"], lambda v: format_number(v, 1)),
             "criteria_values": [row.get("criteria", {}).get(code) for code in names]}
            for row in ratings.get(key, [])
        ]
        tables.append({
            "title": title, "rows": rows, "criteria": list(names.values()), "criterion_width": criterion_width,
            "name_width": 67 - criterion_width * len(names),
        })
    return tables


def report_context(figures: dict, meta: PdfMeta) -> dict:
    month = date.fromisoformat(figures["month"])
    return {
        "f": figures,
        "meta": meta,
        "month_title": month_title(month),
        "previous_title": month_title(add_months(month, -1)),
        "year_ago_title": month_title(add_months(month, -12)),
        "computed_at": datetime.fromisoformat(figures["computed_at"]),
        "summary": summary(figures),
        "deltas": _deltas(figures["totals"]),
        "charts": _charts(figures),
        "issued_at": timezone.localtime(meta.issued_at) if meta.issued_at else None,
        "rating_tables": _rating_tables(figures.get("ratings")),
        "has_other_top": any(c["is_other"] for block in figures["top_problems"] for c in block["categories"]),
        "received_text": format_number(figures["totals"]["received"]),
    }


def render_report_html(figures: dict, meta: PdfMeta) -> str:
    return render_to_string("ratings/report/pdf.html", report_context(figures, meta))


def render_report_document(figures: dict, meta: PdfMeta):
    """The laid-out WeasyPrint document (pages and their boxes): tests read its text."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    html = HTML(string=render_report_html(figures, meta), base_url=str(settings.BASE_DIR / "static"))
    return html.render(font_config=fonts)


def render_report_pdf(figures: dict, meta: PdfMeta) -> tuple[bytes, int]:
    """(the PDF's bytes, its number of pages)."""
    document = render_report_document(figures, meta)
    return document.write_pdf(), len(document.pages)
