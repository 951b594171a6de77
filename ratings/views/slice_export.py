"""The slice on the page as a file (GET /stats/srez.csv, /stats/srez.xlsx): the same table, the same access."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ratings.exports import csv_bytes, export_filename, xlsx_bytes
from ratings.views.slices import build_slice

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Figures change with every new message: a proxy must not hand out yesterday's file.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def slice_csv(request):
    page = build_slice(request.user, request.GET)
    return _file(csv_bytes(page.table), "text/csv; charset=utf-8", export_filename(*page.form.period, "csv"))


@login_required
@require_GET
def slice_xlsx(request):
    page = build_slice(request.user, request.GET)
    title = _("Статистический срез: %(measure)s") % {"measure": page.result.measure.label}
    return _file(xlsx_bytes(page.table, title=title), XLSX_TYPE, export_filename(*page.form.period, "xlsx"))
