"""The statistical slices page (GET /stats/): a table and a chart of one measure by up to two dimensions.

Whole-region readers (the ЦУР, the governor's office, media) see the whole region; sector leads
and sector responsibles see their sectors only, and asking for another sector's figures is a 403,
not a quietly narrowed table. Agency staff and users without a role get 403. The exports and the
saved-slice pages build the very same slice through `build_slice`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ratings.charts import MAX_SERIES, ChartSpec, chart_for
from ratings.exports import DAYS_FROM_HOURS, SliceTable, slice_table
from ratings.forms.saved_slices import SavedSliceForm
from ratings.forms.slices import SliceChoices, SliceForm
from ratings.models import SavedSlice
from ratings.selectors.scope import check_sectors_in_scope, statistics_scope
from ratings.selectors.slices import (
    DAILY,
    DIRECT,
    MONTHLY,
    SECTOR_DAY,
    SECTOR_DAY_DIM,
    SECTOR_MONTH,
    SliceResult,
    run_slice,
)
from ratings.stats.catalog import DIMENSIONS

SOURCE_TEXT = {
    SECTOR_DAY: gettext_lazy("по сводкам блоков по дням"),
    SECTOR_MONTH: gettext_lazy("по сводкам блоков за месяц"),
    SECTOR_DAY_DIM: gettext_lazy("по сводкам блоков по дням в разрезе"),
    MONTHLY: gettext_lazy("по сводкам за месяц"),
    DAILY: gettext_lazy("по сводкам по дням"),
    DIRECT: gettext_lazy("по сообщениям"),
}
# A bar per row reads well up to about this many (fewer when each row is a group of bars side
# by side); a time axis is always drawn whole.
CHART_ROWS = 20
CHART_GROUPED_ROWS = 8


@dataclass
class SlicePage:
    form: SliceForm
    result: SliceResult
    table: SliceTable
    scope: frozenset[int] | None


def _date(day) -> str:
    return formats.date_format(day, "d.m.Y")


def _meta(form: SliceForm, result: SliceResult, scope) -> list[tuple[str, str]]:
    query = result.query
    date_from, date_to = form.period
    lines = [
        (_("Показатель"), str(result.measure.label)),
        (_("Строки"), str(DIMENSIONS[query.rows].label)),
        (_("Столбцы"), str(DIMENSIONS[query.cols].label) if query.cols else _("без разбивки")),
        (_("Период"), f"{_date(date_from)} — {_date(date_to)}"),
        *form.describe(),
    ]
    if scope is not None:
        names = ", ".join(name for _pk, name in form.choices.sectors)
        lines.append((_("Доступ"), _("только отраслевые блоки: %(names)s") % {"names": names}))
    lines.append((_("Посчитано"), str(SOURCE_TEXT[result.source])))
    lines.append((_("Сформировано"), formats.date_format(timezone.localtime(), "d.m.Y H:i")))
    return lines


def build_slice(user, params: QueryDict) -> SlicePage:
    """The slice a reader asked for; PermissionDenied when he may not see it."""
    scope = statistics_scope(user)
    form = SliceForm(params, choices=SliceChoices.load(scope), today=timezone.localdate())
    check_sectors_in_scope(scope, form.requested_sector_ids())
    form.is_valid()  # errors are shown beside their fields; the valid parameters still apply
    result = run_slice(form.slice_query(), sector_scope=scope)
    table = slice_table(result)
    table.meta = _meta(form, result, scope)
    return SlicePage(form, result, table, scope)


def _transposed(result: SliceResult) -> SliceResult:
    """The same slice with rows and columns swapped (labels are kept per dimension)."""
    query = dataclasses.replace(result.query, rows=result.query.cols, cols=result.query.rows)
    cells = {(c, r): sums for (r, c), sums in result.cells.items()}
    return dataclasses.replace(
        result, query=query, row_keys=result.col_keys, col_keys=result.row_keys, cells=cells,
        row_totals=result.col_totals, col_totals=result.row_totals,
    )


def slice_chart(result: SliceResult) -> tuple[ChartSpec | None, int]:
    """The chart above the table and its height in pixels. Time runs along the axis whichever
    side of the table it is on, so «блоки × месяцы» is a line per block."""
    if not result.total:
        return None, 0
    query = result.query
    if query.cols and DIMENSIONS[query.cols].is_time and not DIMENSIONS[query.rows].is_time:
        result = _transposed(result)
    if DIMENSIONS[result.query.rows].is_time:
        spec = _in_days(chart_for(result, max_rows=len(result.row_keys)))
        # Table rows became the series: only the first MAX_SERIES of them are drawn.
        spec.rows_shown = min(len(result.col_keys), MAX_SERIES) if result.query.cols else None
        return spec, 320
    grouped = bool(query.cols) and result.measure.unit != "count"
    spec = chart_for(result, max_rows=CHART_GROUPED_ROWS if grouped else CHART_ROWS)
    if spec.type != "hbar":
        return _in_days(spec), 320
    per_row = max(26, 6 * len(spec.datasets) + 10) if grouped else 26
    return _in_days(spec), max(260, 90 + per_row * len(spec.labels))


def _chart_rows(chart: ChartSpec | None, result: SliceResult) -> int | None:
    """How many of the table's rows the chart draws, when it draws fewer than all of them."""
    if not chart or DIMENSIONS[result.query.rows].is_time:
        return None
    shown = getattr(chart, "rows_shown", None) or len(chart.labels)
    return shown if shown < len(result.row_keys) else None


def _in_days(spec: ChartSpec) -> ChartSpec:
    """Long times drawn in days, as the table writes them from two days on."""
    values = [v for d in spec.datasets for v in d["data"] if v is not None]
    if spec.unit == "hours" and values and max(values) >= DAYS_FROM_HOURS:
        for d in spec.datasets:
            d["data"] = [None if v is None else round(v / 24, 1) for v in d["data"]]
        spec.unit = "days"
    return spec


def page_context(request, page: SlicePage, *, save_form: SavedSliceForm | None = None) -> dict:
    form, result, table = page.form, page.result, page.table
    current = form.query_string()
    page_url = reverse("ratings:slices") + (f"?{current}" if current else "")
    chart, chart_height = slice_chart(result)
    date_from, date_to = form.period
    return {
        "slice_form": form,
        "table": table,
        "measure": result.measure,
        "chart": chart,
        "chart_height": chart_height,
        "chart_rows": _chart_rows(chart, result),
        "source_text": SOURCE_TEXT[result.source],
        "period_text": f"{_date(date_from)} — {_date(date_to)}",
        "filters_text": form.describe(),
        "cols_label": DIMENSIONS[result.query.cols].label if result.query.cols else "",
        "scope_names": [name for _pk, name in form.choices.sectors] if page.scope is not None else None,
        "current_query": current,
        "page_url": request.build_absolute_uri(page_url),
        "reset_url": reverse("ratings:slices"),
        "csv_url": reverse("ratings:slice_csv") + (f"?{current}" if current else ""),
        "xlsx_url": reverse("ratings:slice_xlsx") + (f"?{current}" if current else ""),
        "saved_slices": list(SavedSlice.objects.filter(owner=request.user).only("id", "name", "query")),
        "save_form": save_form or SavedSliceForm(initial={"query": current}),
        "now": timezone.localtime(),
    }


@login_required
@require_GET
def slices(request):
    page = build_slice(request.user, request.GET)
    return render(request, "ratings/slices.html", page_context(request, page))
