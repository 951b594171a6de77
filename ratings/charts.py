"""What a chart shows, built from a slice; static/cur/charts.js draws it with Chart.js."""

from __future__ import annotations

from django.utils.translation import gettext

from cur.charts import ChartSpec
from ratings.selectors.slices import SliceResult

# More series than this make a legend nobody reads: the rest are summed into «прочие».
MAX_SERIES = 8


def _round(value):
    return round(value, 1) if isinstance(value, float) else value


def chart_for(result: SliceResult, *, title: str = "", kind: str | None = None, max_rows: int = 40) -> ChartSpec:
    """Rows along the axis, one series per column (the largest MAX_SERIES of them)."""
    measure = result.measure
    rows = result.row_keys[:max_rows]
    time_rows = bool(result.query.rows) and result.query.rows in ("day", "week", "month")
    kind = kind or ("line" if time_rows else "hbar" if len(rows) > 6 else "bar")
    spec = ChartSpec(
        title=title or str(measure.label), type=kind, labels=[result.label("rows", r) for r in rows], unit=measure.unit,
    )
    if not result.query.cols:
        spec.datasets.append({"label": str(measure.label), "data": [_round(result.value(r)) for r in rows]})
        return spec
    cols = result.col_keys
    shown, rest = cols[:MAX_SERIES], cols[MAX_SERIES:]
    for c in shown:
        spec.datasets.append({"label": result.label("cols", c), "data": [_round(result.value(r, c)) for r in rows]})
    if rest and measure.unit == "count":
        spec.datasets.append({
            "label": gettext("прочие"),
            "data": [sum(result.value(r, c) or 0 for c in rest) for r in rows],
            "color": "#adb5bd",
        })
    spec.stacked = measure.unit == "count" and kind != "line"
    return spec
