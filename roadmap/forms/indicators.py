from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.forms.common import OfficialChoiceField, list_formset, ru_date
from roadmap.models import IndicatorKind, Project
from sectors.models import Sector


class IndicatorForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Отраслевой блок"), queryset=Sector.objects.none())
    kind = forms.ChoiceField(label=_("Вид"), choices=IndicatorKind.choices)
    project = forms.ModelChoiceField(label=_("Проект"), queryset=Project.objects.none(), required=False)
    name = forms.CharField(label=_("Показатель (в формулировке результата федерального проекта)"), max_length=500)
    unit = forms.CharField(label=_("Единица измерения"), max_length=40)
    federal_result = forms.CharField(label=_("Результат федерального (ведомственного) проекта"), max_length=500, required=False)
    qualitative = forms.CharField(label=_("Качественная характеристика"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    quantitative = forms.CharField(label=_("Количественная характеристика"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    calculation_method = forms.CharField(label=_("Методика расчёта"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    higher_is_better = forms.BooleanField(label=_("Чем больше, тем лучше"), required=False, initial=True)
    responsible = OfficialChoiceField(label=_("Ответственный (вносит факт)"))

    def __init__(self, *args, sectors=None, projects=None, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sectors is None:
            del self.fields["sector"]
            del self.fields["kind"]
        else:
            self.fields["sector"].queryset = sectors
            self.fields["kind"].choices = kinds or IndicatorKind.choices
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()

    def clean(self):
        data = super().clean()
        sector, project = data.get("sector"), data.get("project")
        if sector and project and project.sector_id != sector.pk:
            self.add_error("project", _("Проект относится к другому отраслевому блоку."))
        return data


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    deadline = ru_date(_("Срок достижения"))
    target = forms.DecimalField(label=_("Целевое значение"), max_digits=14, decimal_places=2, localize=True)

    def clean(self):
        data = super().clean()
        if data.get("year") and data.get("deadline") and data["deadline"].year != data["year"]:
            self.add_error("deadline", _("Срок достижения должен быть в том же году."))
        return data


PlanFormSet = list_formset(PlanForm, extra=1)


class ActualForm(forms.Form):
    actual = forms.DecimalField(label=_("Факт"), max_digits=14, decimal_places=2, localize=True)
