"""The head's form for a new methodology version: criteria and indicator weights, minimum, zones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ratings.models import Methodology
from ratings.rating.criteria import CRITERIA_ORDER, Criterion
from ratings.rating.indicators import indicators_of
from ratings.services.rating_methodology import methodology_errors

_WEIGHT_ERRORS = {
    "required": _("Укажите вес (0, если показатель не учитывается)."),
    "invalid": _("Вес — целое число процентов."),
    "min_value": _("Вес не может быть отрицательным."),
    "max_value": _("Вес не больше 100 %."),
}


def _weight(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100, error_messages=_WEIGHT_ERRORS,
                              widget=forms.NumberInput(attrs={"class": "form-control form-control-sm cur-weight", "step": 1}))


class MethodologyForm(forms.Form):
    min_messages = forms.IntegerField(
        label=_("Минимум сообщений за месяц, чтобы орган или МО получили оценку"), min_value=1, max_value=100000,
        error_messages={"required": _("Укажите минимум сообщений."), "invalid": _("Минимум — целое число."),
                        "min_value": _("Минимум сообщений — не меньше 1.")},
    )
    green_from = forms.DecimalField(
        label=_("Зелёная зона — от, баллов"), min_value=0, max_value=100, decimal_places=1,
        error_messages={"required": _("Укажите порог зелёной зоны."), "invalid": _("Порог — число от 0 до 100.")},
    )
    yellow_from = forms.DecimalField(
        label=_("Жёлтая зона — от, баллов (ниже — красная)"), min_value=0, max_value=100, decimal_places=1,
        error_messages={"required": _("Укажите порог жёлтой зоны."), "invalid": _("Порог — число от 0 до 100.")},
    )
    comment = forms.CharField(
        label=_("Что изменено и почему"), required=True, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Коротко опишите, что изменено и почему: это останется в истории методики.")},
    )

    def __init__(self, *args, methodology: Methodology | None = None, **kwargs):
        if methodology is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(methodology)
        super().__init__(*args, **kwargs)
        for code in CRITERIA_ORDER:
            self.fields[f"w_{code}"] = _weight(_("Вес критерия «%(name)s», %%") % {"name": Criterion(code).label})
            for indicator in indicators_of(code):
                self.fields[f"i_{indicator.code}"] = _weight(indicator.name)
        for name in ("min_messages", "green_from", "yellow_from"):
            self.fields[name].widget.attrs.setdefault("class", "form-control form-control-sm")

    def criterion_groups(self):
        """[(criterion name, its weight field, [indicator fields])] in the methodology's order, for the template."""
        return [
            (Criterion(code).label, self[f"w_{code}"], [self[f"i_{i.code}"] for i in indicators_of(code)])
            for code in CRITERIA_ORDER
        ]

    def clean(self):
        data = super().clean()
        # The sums are checked whenever every number was read, even if the comment is missing:
        # the head sees all that is wrong at once.
        if any(name not in data for name in self.fields if name != "comment"):
            return data
        errors = methodology_errors(
            criteria=self.criteria(), indicators=self.indicators(), min_messages=data["min_messages"],
            green_from=data["green_from"], yellow_from=data["yellow_from"],
        )
        for field, texts in errors.items():
            for text in texts:
                self.add_error(None if field == "__all__" else field, text)
        return data

    def criteria(self) -> dict[str, int]:
        return {code: self.cleaned_data.get(f"w_{code}") or 0 for code in CRITERIA_ORDER}

    def indicators(self) -> dict[str, int]:
        return {
            i.code: self.cleaned_data.get(f"i_{i.code}") or 0 for code in CRITERIA_ORDER for i in indicators_of(code)
        }


def initial_from(methodology: Methodology) -> dict:
    initial = {"min_messages": methodology.min_messages, "green_from": methodology.green_from, "yellow_from": methodology.yellow_from}
    for criterion in methodology.criteria.all():
        initial[f"w_{criterion.code}"] = criterion.weight
        for indicator in criterion.indicators.all():
            initial[f"i_{indicator.code}"] = indicator.weight
    for code in CRITERIA_ORDER:
        initial.setdefault(f"w_{code}", 0)
        for i in indicators_of(code):
            initial.setdefault(f"i_{i.code}", 0)
    return initial
