"""The head's auto-classification thresholds, one choice per sector (off by default)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.classifier.evaluation import THRESHOLDS

CHOICES = [("", _("выключена"))] + [(f"{t:.2f}", f"{round(t * 100)} %") for t in (*THRESHOLDS, 0.98)]


def field_name(sector_id: int) -> str:
    return f"sector_{sector_id}"


class AutoRoutingForm(forms.Form):
    def __init__(self, *args, sectors, current: dict[int, float | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors = list(sectors)
        for sector in self.sectors:
            value = current.get(sector.pk)
            self.fields[field_name(sector.pk)] = forms.ChoiceField(
                label=sector.name, choices=CHOICES, required=False,
                initial=f"{value:.2f}" if value is not None else "",
                error_messages={"invalid_choice": _("Выберите порог из списка.")},
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def thresholds(self) -> dict[int, float | None]:
        """Sector id → the chosen threshold (None: off), for the sectors whose choice changed."""
        out = {}
        for sector in self.sectors:
            name = field_name(sector.pk)
            if name in self.changed_data:
                raw = self.cleaned_data.get(name) or ""
                out[sector.pk] = float(raw) if raw else None
        return out
