from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.forms.common import OfficialChoiceField
from roadmap.models import Project, RiskLevel, RiskState


class RiskForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Проект"), queryset=Project.objects.none())
    title = forms.CharField(label=_("Риск"), max_length=500)
    probability = forms.TypedChoiceField(label=_("Вероятность"), choices=RiskLevel.choices, coerce=int)
    impact = forms.TypedChoiceField(label=_("Влияние"), choices=RiskLevel.choices, coerce=int)
    owner = OfficialChoiceField(label=_("Владелец риска"))
    mitigation = forms.CharField(label=_("Меры реагирования"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    state = forms.ChoiceField(label=_("Состояние"), choices=RiskState.choices, initial=RiskState.OPEN)

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = projects


class EscalateForm(forms.Form):
    comment = forms.CharField(label=_("Какое решение нужно от куратора"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
