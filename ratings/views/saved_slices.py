"""Saved slices: save the current one under a name, delete one's own, open a shared link.

A shared link (/stats/s/<id>/) opens for anyone who may read statistics, and only redirects to
the slice's query: the reader's own access then applies on /stats/, so a sector lead opening a
region-wide slice sees his sectors, and one naming another sector is refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ratings.forms.saved_slices import SavedSliceForm
from ratings.forms.slices import clean_query_string
from ratings.models import SavedSlice
from ratings.selectors.scope import statistics_scope
from ratings.services.saved_slices import saved_slice_create, saved_slice_delete
from ratings.views.slices import build_slice, page_context


def _slices_url(query: str) -> str:
    url = reverse("ratings:slices")
    return f"{url}?{query}" if query else url


@login_required
@require_POST
def saved_slice_save(request):
    statistics_scope(request.user)
    form = SavedSliceForm(request.POST)
    form.is_valid()
    query = form.cleaned_data.get("query", "")
    try:
        saved = saved_slice_create(owner=request.user, name=form.cleaned_data.get("name", ""), query_string=query)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for text in errors:
                form.add_error(field if field in form.fields else None, text)
        # The page again, with what was typed and why it was not saved, beside the same slice.
        page = build_slice(request.user, QueryDict(query))
        return render(request, "ratings/slices.html", page_context(request, page, save_form=form))
    messages.success(request, _("Срез «%(name)s» сохранён.") % {"name": saved.name})
    return redirect(_slices_url(saved.query))


@login_required
@require_POST
def saved_slice_delete_view(request, pk: int):
    statistics_scope(request.user)
    saved = get_object_or_404(SavedSlice, pk=pk)
    saved_slice_delete(saved=saved, by=request.user)
    messages.success(request, _("Срез «%(name)s» удалён.") % {"name": saved.name})
    return redirect(_slices_url(clean_query_string(request.POST.get("back", ""))))


@login_required
@require_GET
def saved_slice_open(request, pk: int):
    statistics_scope(request.user)
    saved = get_object_or_404(SavedSlice.objects.only("query"), pk=pk)
    return redirect(_slices_url(clean_query_string(saved.query)))
