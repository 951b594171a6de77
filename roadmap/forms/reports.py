from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.forms.common import OfficialChoiceField, list_formset, ru_date
from roadmap.models import GroupKind


class ReportForm(forms.Form):
    period_start = ru_date(_("Период с"))
    period_end = ru_date(_("Период по"))
    done = forms.CharField(label=_("Что сделано"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Достигнутые результаты"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("Проблемы и отклонения"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label=_("Планы на следующий период"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Конец периода раньше его начала."))
        return data


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид группы"), choices=GroupKind.choices)
    name = forms.CharField(label=_("Наименование"), max_length=300)


class MemberForm(forms.Form):
    official = OfficialChoiceField(label=_("Участник"))
    role_in_group = forms.CharField(label=_("Роль в группе"), max_length=200, initial="член группы")


MemberFormSet = list_formset(MemberForm, extra=2)
