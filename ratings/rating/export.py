"""A rating version as an XLSX workbook: one sheet per kind of subject and one with the parameters.

Numbers are numbers (scores with two decimals, shares as Excel percent); bodies below the minimum
are listed after the rated ones as «не оценивается». Aggregates only: no message, no resident.
"""

from __future__ import annotations

import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cur.spreadsheet_safety import xlsx_text
from ratings.models import RatingResult, RatingRun
from ratings.rating.criteria import Criterion, SubjectKind, Zone
from ratings.rating.indicators import INDICATORS, MEDIAN_RATIO, SHARE
from ratings.selectors.labels import month_label


def _text(sheet, row: int, col: int, value, *, bold=None):
    return xlsx_text(sheet, row, col, value, font=bold)  # never a formula, whatever the name starts with


def rating_xlsx_bytes(run: RatingRun) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    criteria = [c.code for c in run.methodology.criteria.all()]
    indicators = [i.code for c in run.methodology.criteria.all() for i in c.indicators.all() if i.code in INDICATORS]
    results = list(RatingResult.objects.filter(run=run).order_by("kind", "rank", "name"))
    book = Workbook()
    book.remove(book.active)
    for kind, label in SubjectKind.choices:
        sheet = book.create_sheet(str(label)[:31].capitalize())
        header = [_("Место"), _("Название"), _("Сообщений"), _("Балл"), _("Зона"), _("Изменение к прошлому месяцу")]
        header += [str(Criterion(c).label) for c in criteria]
        header += [str(INDICATORS[i].name) for i in indicators]
        if kind == SubjectKind.MUNICIPALITY:
            header.append(_("Сообщений на 10 000 жителей"))
        for col, title in enumerate(header, start=1):
            _text(sheet, 1, col, title, bold=bold)
        rows = [r for r in results if r.kind == kind]
        rows = [r for r in rows if r.score is not None] + [r for r in rows if r.score is None]
        for line, r in enumerate(rows, start=2):
            values: list = [r.rank, None, r.messages, float(r.score) if r.score is not None else None, None,
                            float(r.change) if r.change is not None else None]
            values += [r.criteria.get(c) for c in criteria]
            for code in indicators:
                value = (r.indicators.get(code) or {}).get("value")
                values.append(value)
            if kind == SubjectKind.MUNICIPALITY:
                values.append(r.per_capita)
            for col, value in enumerate(values, start=1):
                if value is not None:
                    cell = sheet.cell(row=line, column=col, value=value)
                    if col > 6 + len(criteria) and col <= 6 + len(criteria) + len(indicators):
                        shape = INDICATORS[indicators[col - 7 - len(criteria)]].shape
                        cell.number_format = "0.0%" if shape in (SHARE, MEDIAN_RATIO) else "0.00"
                    elif col > 3:
                        cell.number_format = "0.00"
            _text(sheet, line, 2, r.name)
            zone = str(Zone(r.zone).label) if r.zone else _("не оценивается (меньше %(n)d сообщений)") % {"n": run.methodology.min_messages}
            _text(sheet, line, 5, zone)
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["B"].width = 50
        for col in range(3, len(header) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 16
    about = book.create_sheet(_("Параметры"))
    params = [
        (_("Рейтинг органов и муниципальных образований"), month_label(run.month)),
        (_("Версия расчёта"), str(run.version)),
        (_("Версия методики"), str(run.methodology.version)),
        (_("Данные на"), formats.date_format(timezone.localtime(run.as_of), "d.m.Y H:i") if run.as_of else ""),
        (_("Минимум сообщений для оценки"), str(run.methodology.min_messages)),
        (_("Зелёная зона от, баллов"), str(run.methodology.green_from)),
        (_("Жёлтая зона от, баллов"), str(run.methodology.yellow_from)),
    ]
    for line, (label, value) in enumerate(params, start=1):
        _text(about, line, 1, label, bold=bold)
        _text(about, line, 2, value)
    about.column_dimensions["A"].width = 45
    about.column_dimensions["B"].width = 25
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
