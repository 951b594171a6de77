"""«Объединить в массовую проблему»: the messages of a suggestion, and an open problem or a new title.

Validation only; `feedback.views.mass_problems.join` applies it through
`feedback.services.mass_problems.messages_join_mass_problem`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.forms.bulk import IdListField
from feedback.forms.widgets import FastSelect, FastTextInput
from feedback.models import MassProblem


class MassJoinForm(forms.Form):
    ids = IdListField()
    problem = forms.TypedChoiceField(label=_("Открытая массовая проблема"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    title = forms.CharField(label=_("или новая — название"), max_length=300, required=False, widget=FastTextInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, problems=None, **kwargs):
        """`problems`: the open problems to offer (a page that shows the form passes those it read);
        a posted form accepts any open one."""
        super().__init__(data, **kwargs)
        if problems is None:
            problems = MassProblem.objects.filter(state=MassProblem.State.OPEN).order_by("-created_at") if data is not None else []
        self.fields["problem"].choices = [("", _("— создать новую —"))] + [(p.pk, p.title) for p in problems]
        self.fields["problem"].widget.attrs.update({"class": "form-select form-select-sm"})
        self.fields["title"].widget.attrs.update({"class": "form-control form-control-sm", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        problem_id, title = cleaned.get("problem"), (cleaned.get("title") or "").strip()
        if problem_id is not None:
            cleaned["problem"] = MassProblem.objects.filter(pk=problem_id, state=MassProblem.State.OPEN).first()
            if cleaned["problem"] is None:
                self.add_error("problem", _("Такой открытой массовой проблемы нет."))
            # A prefilled title stays in the field when the operator picks an existing problem:
            # the choice wins.
            cleaned["title"] = ""
        elif not title and "title" not in self.errors:
            self.add_error("title", _("Выберите открытую массовую проблему или введите название новой."))
        else:
            cleaned["title"] = title
        return cleaned
