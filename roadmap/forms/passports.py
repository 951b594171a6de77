from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.forms.common import OfficialChoiceField, list_formset, ru_date
from roadmap.models import FundingSource, MilestoneKind
from sectors.models import Sector

YEAR = {"min_value": 2000, "max_value": 2100}


class PassportForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Отраслевой блок"), queryset=Sector.objects.none())
    title = forms.CharField(label=_("Наименование проекта"), max_length=500)
    background = forms.CharField(label=_("Основание и обоснование"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    period_start = ru_date(_("Начало реализации"))
    period_end = ru_date(_("Окончание реализации"))
    curator = OfficialChoiceField(label=_("Куратор проекта"), required=False)
    project_head = OfficialChoiceField(label=_("Руководитель проекта"), required=False)
    administrator = OfficialChoiceField(label=_("Администратор проекта"), required=False)
    change_reason = forms.CharField(label=_("Что изменено в этой версии и почему"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sectors is None:
            del self.fields["sector"]
        else:
            self.fields["sector"].queryset = sectors

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Окончание реализации раньше её начала."))
        return data


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Цель"), widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorRowForm(forms.Form):
    name = forms.CharField(label=_("Показатель"), max_length=500)
    unit = forms.CharField(label=_("Ед."), max_length=40)
    calculation_method = forms.CharField(label=_("Методика расчёта"), widget=forms.Textarea(attrs={"rows": 2}))
    base_value = forms.DecimalField(label=_("База"), required=False, max_digits=14, decimal_places=2, localize=True)
    year = forms.IntegerField(label=_("Год"), **YEAR)
    target_value = forms.DecimalField(label=_("Цель"), max_digits=14, decimal_places=2, localize=True)


class TaskForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), **YEAR)
    task = forms.CharField(label=_("Задача"), widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label=_("Результат"), widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=MilestoneKind.choices)
    title = forms.CharField(label=_("Наименование"), max_length=500)
    start_date = ru_date(_("Начало"), required=False)
    due_date = ru_date(_("Срок"))
    responsible = forms.CharField(label=_("Ответственный"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("due_date") and data["start_date"] > data["due_date"]:
            self.add_error("due_date", _("Срок раньше начала."))
        return data


class FundingForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), **YEAR)
    source = forms.ChoiceField(label=_("Источник"), choices=FundingSource.choices)
    amount = forms.DecimalField(label=_("Сумма, тыс. руб."), max_digits=14, decimal_places=1, min_value=0, localize=True)


class ParticipantForm(forms.Form):
    official = OfficialChoiceField(label=_("Участник"))
    role_in_project = forms.CharField(label=_("Роль в проекте"), max_length=300)


# (prefix, title, form class): the passport's lists in the order the page shows them.
SECTIONS = [
    ("goals", _("Цели"), GoalForm),
    ("indicators", _("Показатели"), IndicatorRowForm),
    ("tasks", _("Задачи и результаты по годам"), TaskForm),
    ("milestones", _("Контрольные точки и мероприятия"), MilestoneForm),
    ("funding", _("Финансирование"), FundingForm),
    ("participants", _("Участники проекта"), ParticipantForm),
]
NUMBERED = {"goals": "order", "indicators": "order"}


def section_formsets(data=None, *, version=None) -> list[tuple[str, str, forms.BaseFormSet]]:
    result = []
    for prefix, title, form_class in SECTIONS:
        initial = None
        if version is not None and data is None:
            initial = _initial(prefix, version)
        formset = list_formset(form_class, extra=0 if initial else 1)(data, prefix=prefix, initial=initial)
        result.append((prefix, title, formset))
    return result


def _initial(prefix: str, version) -> list[dict]:
    from roadmap.services.passports import CHILDREN

    _model, fields = CHILDREN[prefix]
    rows = []
    for row in getattr(version, prefix).all():
        values = {f: getattr(row, f) for f in fields if f != "order"}
        if prefix == "participants":
            values["official"] = row.official_id
        rows.append(values)
    return rows
