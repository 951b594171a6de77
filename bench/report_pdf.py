"""Benchmark: the governor's monthly report, figures and PDF, for one month of the bench database.

`time_pdf(month)` is what bench/ratings.py calls with a month of 1,000,000 messages: the seconds
to compute every section of the report from the statistics rollups and to draw its PDF with
WeasyPrint (nothing is stored). Run alone it takes the month with the most messages (or
`--month YYYY-MM`) and prints:

    report_pdf.messages: N msg      the month's messages
    report_pdf.figures: X s         the figures alone
    report_pdf: X s                 figures + PDF (goal ≤ 10 s at 1M messages a month)
    report_pdf.pages: N pages
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from _common import figure, parse_args, say, setup_django, timed

GOAL_SECONDS = 10.0


def _parts(month: date) -> tuple[float, float, int]:
    from ratings.reports.figures import report_figures
    from ratings.reports.render import PdfMeta, render_report_pdf

    with timed() as figures_watch:
        figures = report_figures(month)
    with timed() as pdf_watch:
        _content, pages = render_report_pdf(figures, PdfMeta(number=1, is_final=False, conclusions="Выводы руководителя ЦУР."))
    return figures_watch.seconds, figures_watch.seconds + pdf_watch.seconds, pages


def time_pdf(month: date) -> float:
    """Seconds to compute the report's figures for `month` and render its PDF."""
    return _parts(month.replace(day=1))[1]


def _busiest_month() -> tuple[date, int] | None:
    from django.db.models import Sum

    from ratings.models import SectorMonthStat

    row = (
        SectorMonthStat.objects.filter(dim="").values("month").annotate(n=Sum("received")).order_by("-n").first()
    )
    return (row["month"], row["n"]) if row else None


def main() -> None:
    parser = argparse.ArgumentParser(description="Бенчмарк доклада губернатору (показатели и PDF)")
    parser.add_argument("--month", help="месяц ГГГГ-ММ (по умолчанию — месяц с наибольшим числом сообщений)")
    parser.add_argument("--repeat", type=int, default=3, help="повторов (по умолчанию 3; берётся лучший и худший)")
    args = parse_args(parser)
    os.environ.setdefault("DJANGO_DEBUG", "false")
    setup_django()

    from django.db.models import Sum

    from ratings.models import SectorMonthStat

    if args.month:
        month = date.fromisoformat(f"{args.month}-01")
    else:
        busiest = _busiest_month()
        if busiest is None:
            sys.exit("В базе нет сообщений: сначала bench/generator.py (или manage.py demo_data).")
        month = busiest[0]
    count = SectorMonthStat.objects.filter(dim="", month=month).aggregate(n=Sum("received"))["n"] or 0
    say(f"доклад за {month:%m.%Y}: {count} сообщений, {args.repeat} раз")
    _parts(month)  # warm-up: fonts, templates, database caches
    runs = [_parts(month) for _ in range(max(1, args.repeat))]
    worst = max(runs, key=lambda r: r[1])
    figure("report_pdf.messages", count, "msg")
    figure("report_pdf.figures", worst[0], "s", 2)
    figure("report_pdf", worst[1], "s", 2)
    figure("report_pdf.pages", worst[2], "pages")
    if worst[1] > GOAL_SECONDS:
        say(f"доклад: {worst[1]:.1f} с — выше цели {GOAL_SECONDS:.0f} с")


if __name__ == "__main__":
    main()
