"""The monthly ratings pages: a month's table by version, recompute, progress, drill-down, XLSX.

GET  /ratings/                                   → the latest rated month (or an empty page)
GET  /ratings/<yyyy-mm>/                         → the month's current version
GET  /ratings/<yyyy-mm>/v<N>/                    → one version of the month
POST /ratings/<yyyy-mm>/recompute/               → a new version (head only), computed by a worker
GET  /ratings/runs/<id>/status/                  → the progress fragment polled while it runs
GET  /ratings/<yyyy-mm>/v<N>/<kind>/<id>/<code>/ → the messages behind an indicator
GET  /ratings/<yyyy-mm>/v<N>/rating.xlsx         → the version as a workbook
Access: ratings.views.ratings_access.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ratings.models import RatingRun, RunState
from ratings.periods import add_months
from ratings.rating.criteria import SubjectKind
from ratings.rating.export import rating_xlsx_bytes
from ratings.selectors import ratings as selectors
from ratings.selectors.labels import month_label
from ratings.selectors.ratings_methodology import current_methodology, methodology_blocks
from ratings.services.ratings import rating_compute
from ratings.templatetags.cur_ratings import indicator_value
from ratings.views.ratings_access import (
    may_drill_down,
    may_manage,
    require_drill_down,
    require_head,
    require_ratings,
)

DRILLDOWN_PAGE = 50


def _month_url(month: date, version: int | None = None, **query) -> str:
    key = f"{month:%Y-%m}"
    url = reverse("ratings:rating_version", args=[key, version]) if version else reverse("ratings:rating_month", args=[key])
    extra = "&".join(f"{k}={v}" for k, v in query.items() if v)
    return f"{url}?{extra}" if extra else url


def _last_full_month() -> date:
    return add_months(timezone.localdate().replace(day=1), -1)


@login_required
@require_GET
def ratings_index(request):
    access = require_ratings(request.user)
    month = selectors.latest_rated_month()
    if month is not None:
        return redirect(_month_url(month))
    return render(request, "ratings/ratings/empty.html", {
        "month": _last_full_month(), "may_manage": may_manage(access), "versions": selectors.month_versions(_last_full_month()),
    })


@login_required
@require_GET
def rating_month(request, month: date, version: int | None = None):
    access = require_ratings(request.user)
    versions = selectors.month_versions(month)
    if version is not None:
        run = selectors.run_version(month, version)
    else:
        run = next((r for r in versions if r.state == RunState.DONE), None)
    kind = request.GET.get("kind") if request.GET.get("kind") in SubjectKind.values else SubjectKind.AGENCY
    sort = request.GET.get("sort", "rank")
    descending = request.GET.get("dir") == "desc"
    table = None
    if run is not None and run.state == RunState.DONE:
        table = selectors.rating_table(run, kind, sort=sort, descending=descending)
    methodology = run.methodology if run is not None else current_methodology()
    pending = [r for r in versions if r.state in (RunState.QUEUED, RunState.RUNNING, RunState.FAILED)][:1]
    return render(request, "ratings/ratings/month.html", {
        "month": month, "month_key": f"{month:%Y-%m}", "month_name": month_label(month),
        "run": run, "table": table, "kind": kind, "kinds": SubjectKind.choices, "versions": versions, "pending": pending,
        "months": selectors.rated_months(), "blocks": methodology_blocks(methodology),
        "may_manage": may_manage(access), "may_drill": may_drill_down(access),
        "is_current": run is not None and run == next((r for r in versions if r.state == RunState.DONE), None),
        "sort": table.sort if table else "rank", "descending": descending,
        "headers": _sort_headers(kind, table.sort if table else "rank", descending, methodology),
    })


def _sort_headers(kind: str, sort: str, descending: bool, methodology) -> dict[str, dict]:
    """key → {url, arrow}: a click sorts by the column, a second click reverses."""
    # Names and ranks read naturally ascending; scores and volumes descending.
    natural_desc = {"messages", "change", "quantity", "speed", "quality", "completeness"}
    headers = {}
    for key in ("rank", "name", "messages", "change", *[c.code for c in methodology.criteria.all()]):
        active = key == sort
        desc = (not descending) if active else key in natural_desc
        headers[key] = {
            "url": f"?kind={kind}&sort={key}&dir={'desc' if desc else 'asc'}",
            "arrow": ("↓" if descending else "↑") if active else "",
            "aria": ("descending" if descending else "ascending") if active else "none",
        }
    return headers


@login_required
@require_POST
def rating_recompute(request, month: date):
    require_head(request.user)
    if month > _last_full_month():
        messages.error(request, _("Рейтинг считается только за завершившийся месяц."))
        return redirect(_month_url(month))
    run = rating_compute(month=month, requested_by=request.user)
    messages.success(request, _("Пересчёт за %(month)s поставлен в очередь: версия %(version)d.") % {
        "month": month_label(month), "version": run.version})
    return redirect(_month_url(month))


@login_required
@require_GET
def rating_run_status(request, pk: int):
    require_ratings(request.user)
    run = get_object_or_404(RatingRun, pk=pk)
    return render(request, "ratings/ratings/run_status.html", {"run": run})


@login_required
@require_GET
def rating_drilldown(request, month: date, version: int, kind: str, subject_id: int, code: str):
    require_drill_down(request.user)
    if kind not in SubjectKind.values:
        raise Http404
    run = selectors.run_version(month, version)
    if run.state != RunState.DONE:
        raise Http404
    result = selectors.rating_result(run, kind, subject_id)
    indicator = selectors.indicator_or_404(code)
    figures = result.indicators.get(code)
    if figures is None:
        raise Http404
    everything = request.GET.get("all") == "1"
    qs = selectors.drilldown_messages(run, kind, subject_id, indicator, everything=everything)
    page = Paginator(qs, DRILLDOWN_PAGE).get_page(request.GET.get("page"))
    return render(request, "ratings/ratings/drilldown.html", {
        "run": run, "month_name": month_label(month), "result": result, "indicator": indicator, "figures": figures,
        "value_text": indicator_value(figures, code),
        "everything": everything, "page": page, "kind": kind,
        "expected": figures["den"] if everything else figures["bad"],
        "back": _month_url(month, version, kind=kind),
    })


@login_required
@require_GET
def rating_xlsx(request, month: date, version: int):
    require_ratings(request.user)
    run = selectors.run_version(month, version)
    if run.state != RunState.DONE:
        raise Http404
    content = rating_xlsx_bytes(run)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="rating-{month:%Y-%m}-v{version}.xlsx"'
    return response
