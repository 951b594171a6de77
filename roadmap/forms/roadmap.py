from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.forms.common import OfficialChoiceField, ru_date
from roadmap.models import ItemState


class ItemForm(forms.Form):
    order = forms.IntegerField(label=_("№"), min_value=1, max_value=999, initial=1)
    title = forms.CharField(label=_("Мероприятие"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = OfficialChoiceField(label=_("Ответственный"))
    start_date = ru_date(_("Начало"), required=False)
    deadline = ru_date(_("Срок"))
    weight = forms.IntegerField(label=_("Вес"), min_value=1, max_value=100, initial=1)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("deadline") and data["start_date"] > data["deadline"]:
            self.add_error("deadline", _("Срок раньше начала."))
        return data


class ItemReportForm(forms.Form):
    state = forms.ChoiceField(label=_("Состояние"), choices=ItemState.choices)
    evidence_file = forms.FileField(label=_("Подтверждающий файл"), required=False)
    evidence_url = forms.URLField(label=_("Ссылка на подтверждение"), required=False, max_length=500, assume_scheme="https")
    note = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
