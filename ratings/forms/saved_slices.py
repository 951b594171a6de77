"""The small form that saves the current slice under a name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cur.forms import mark_invalid
from ratings.forms.slices import clean_query_string
from ratings.services.saved_slices import NAME_MAX_LENGTH


class SavedSliceForm(forms.Form):
    # The service checks the name (empty, too long, taken, too many slices) and says why in
    # Russian; the form only carries what was typed, so it is shown again after an error.
    name = forms.CharField(label=_("Название среза"), required=False)
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({
            "placeholder": _("Например, «ЖКХ по месяцам»"), "maxlength": NAME_MAX_LENGTH,
            "class": "form-control", "autocomplete": "off",
        })

    def clean_query(self) -> str:
        # Only the slice's own parameters are kept: a saved slice is a query, nothing else.
        return clean_query_string(self.cleaned_data.get("query") or "")

    def add_error(self, field, error):
        super().add_error(field, error)
        # The name box is outlined red whenever the save failed, whatever the reason.
        mark_invalid(self, ["name"])
