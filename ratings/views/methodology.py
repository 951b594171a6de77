"""The rating methodology: the formula in Russian with the current weights, and the head's editor.

GET       /ratings/methodology/        every portal role (no data on it, only the formula)
GET|POST  /ratings/methodology/edit/   the head only; saving makes a new version
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cur.forms import mark_invalid
from cur.numbers import as_id
from ratings.forms.methodology import MethodologyForm
from ratings.rating.indicators import GOOD_RATINGS_TARGET, RATIO_CAP, RATIO_FULL
from ratings.rating.month_set import LEFT_OUT
from ratings.selectors.ratings_methodology import (
    current_methodology,
    methodology_blocks,
    methodology_history,
    methodology_version,
)
from ratings.services.rating_methodology import methodology_create
from ratings.views.ratings_access import may_manage, require_any_role, require_head


@login_required
@require_GET
def methodology(request):
    access = require_any_role(request.user)
    version = request.GET.get("version")
    shown = methodology_version(as_id(version)) if as_id(version) is not None else current_methodology()
    return render(request, "ratings/ratings/methodology.html", {
        "methodology": shown, "blocks": methodology_blocks(shown), "history": methodology_history(),
        "may_manage": may_manage(access), "left_out": sorted(str(s.label) for s in LEFT_OUT),
        "ratio_cap": int(RATIO_CAP * 100), "ratio_full": int(RATIO_FULL * 100), "good_target": int(GOOD_RATINGS_TARGET * 100),
    })


@login_required
@require_http_methods(["GET", "POST"])
def methodology_edit(request):
    require_head(request.user)
    current = current_methodology()
    if request.method == "POST":
        form = MethodologyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = methodology_create(
                    by=request.user, criteria=form.criteria(), indicators=form.indicators(),
                    min_messages=data["min_messages"], green_from=data["green_from"], yellow_from=data["yellow_from"],
                    comment=data["comment"],
                )
            except ValidationError as error:
                for field, texts in error.message_dict.items():
                    for text in texts:
                        form.add_error(None if field == "__all__" else field, text)
            else:
                messages.success(request, _(
                    "Сохранена версия %(version)d методики. Она применяется к новым расчётам; "
                    "пересчитайте месяц, чтобы увидеть рейтинг по ней."
                ) % {"version": created.version})
                return redirect("ratings:methodology")
        mark_invalid(form)
    else:
        form = MethodologyForm(methodology=current)
    return render(request, "ratings/ratings/methodology_edit.html", {"form": form, "current": current})
