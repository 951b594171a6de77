"""Pieces every roadmap form uses: Russian dates, officials to choose from, lists as formsets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sectors.models import Official

DATE_HINT = "ДД.ММ.ГГГГ"


class RuDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": DATE_HINT, "inputmode": "numeric", **(attrs or {})}, format="%d.%m.%Y")


def ru_date(label, required=True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=RuDateInput(), input_formats=["%d.%m.%Y"],
        error_messages={"invalid": _("Введите дату в виде ДД.ММ.ГГГГ, например 31.12.2026.")},
    )


def officials():
    return Official.objects.filter(is_active=True).order_by("full_name")


class OfficialChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=officials(), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.position}"


def rows_of(formset, *, numbered: str | None = None) -> list[dict]:
    """The filled rows of a valid formset, in the order shown, without those marked for deletion."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        row = {k: v for k, v in data.items() if k != "DELETE"}
        if numbered:
            row[numbered] = len(rows) + 1
        rows.append(row)
    return rows


def list_formset(form_class, *, extra: int = 1):
    return forms.formset_factory(form_class, extra=extra, can_delete=True)


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("forward", "forward"), ("return", "return")], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Комментарий / замечания"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
