"""Forms of the reports pages: the head's conclusions, a month to generate, a recipient."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ratings.models import ReportRecipient
from ratings.periods import add_months
from ratings.reports.wording import month_title
from ratings.services.reports import CONCLUSIONS_MAX_LENGTH

MONTHS_OFFERED = 24


class ConclusionsForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Выводы руководителя ЦУР"), required=False, max_length=CONCLUSIONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Обычный текст; абзацы разделяйте пустой строкой. Выводы войдут в последний раздел доклада."),
    )


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    """The last months, the previous one first (a month is reported when it is over)."""
    first = (today or timezone.localdate()).replace(day=1)
    months = [add_months(first, -k) for k in range(1, MONTHS_OFFERED + 1)] + [first]
    return [(m.strftime("%Y-%m"), month_title(m)) for m in months]


class GenerateForm(forms.Form):
    month = forms.ChoiceField(label=_("Месяц"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices()


class RecipientForm(forms.ModelForm):
    class Meta:
        model = ReportRecipient
        fields = ["email", "name"]
        widgets = {"name": forms.TextInput(attrs={"placeholder": _("например, аппарат губернатора")})}
