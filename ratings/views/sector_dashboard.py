from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ratings.periods import PERIOD_CHOICES
from ratings.selectors.sector_dashboard import sector_dashboard
from roadmap.selectors.behind_schedule import behind_schedule


def _sector_param(request) -> int | None:
    raw = request.GET.get("sector", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


@login_required
def dashboard(request):
    page = sector_dashboard(request.user, sector=_sector_param(request), period_key=request.GET.get("period"))
    return render(request, "ratings/sector_dashboard.html", {
        "page": page, "period_choices": PERIOD_CHOICES, "behind_rows": behind_schedule(sector_ids=page.sector_ids),
    })
