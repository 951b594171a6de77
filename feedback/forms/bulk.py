"""The queue's bulk form: an operation on the ticked messages, with what that operation needs.

Validation only; `feedback.views.bulk` applies the operation through the same services as the card.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.forms.actions import (
    active_categories,
    category_choices,
    chosen_agency,
    chosen_category,
    original_message,
)
from feedback.forms.widgets import FastSelect, FastTextInput
from sectors.models import Agency

BULK_CLASSIFY, BULK_ROUTE, BULK_DUPLICATE, BULK_SPAM = "classify", "route", "duplicate", "spam"
BULK_OPERATIONS = [
    (BULK_CLASSIFY, _("Классифицировать")),
    (BULK_ROUTE, _("Направить в орган")),
    (BULK_DUPLICATE, _("Закрыть как дубликаты")),
    (BULK_SPAM, _("Отклонить как спам")),
]
MAX_BULK = 200
BY_RULE = "rule"


class IdListField(forms.Field):
    """Message ids from the queue's checkboxes (`ids` repeated)."""

    widget = forms.MultipleHiddenInput

    def clean(self, value):
        values = [v for v in (value or []) if str(v).strip()]
        if not values:
            raise forms.ValidationError(_("Отметьте сообщения в списке."))
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Список сообщений повреждён: обновите страницу.")) from None
        if len(ids) > MAX_BULK:
            raise forms.ValidationError(_("За один раз — не больше %(n)d сообщений.") % {"n": MAX_BULK})
        return ids


class BulkForm(forms.Form):
    """An operation on the messages ticked in the queue, with what that operation needs."""

    ids = IdListField()
    operation = forms.ChoiceField(label=_("Действие"), choices=BULK_OPERATIONS, error_messages={"required": _("Выберите действие.")})
    category = forms.TypedChoiceField(label=_("Категория"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    agency = forms.ChoiceField(label=_("Орган"), required=False, widget=FastSelect)
    original = forms.CharField(label=_("№ исходного"), max_length=30, required=False, widget=FastTextInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, user, categories=None, agencies=None, **kwargs):
        """`categories` (optgroups) and `agencies` ((id, name) pairs) may come from a page that
        has already read them, as the queue's filter form has: the toolbar then costs no query."""
        super().__init__(data, **kwargs)
        self.user = user
        if categories is None:
            categories = category_choices(active_categories())
        if agencies is None:
            agencies = Agency.objects.filter(is_active=True).order_by("name").values_list("id", "name")
        self.fields["category"].choices = [("", _("— категория —")), *categories]
        self.fields["agency"].choices = [(BY_RULE, _("по правилу маршрутизации"))] + [(str(pk), name) for pk, name in agencies]
        self.fields["agency"].initial = BY_RULE
        for name in ("operation", "category", "agency"):
            self.fields[name].widget.attrs.update({"class": "form-select form-select-sm w-auto cur-maxw-24"})
        self.fields["original"].widget.attrs.update(
            {"class": "form-control form-control-sm", "size": 10, "inputmode": "numeric", "placeholder": _("00012345"), "autocomplete": "off"}
        )

    def clean(self):
        cleaned = super().clean()
        operation = cleaned.get("operation")
        if operation == BULK_CLASSIFY:
            if cleaned.get("category") is None:
                self.add_error("category", _("Выберите категорию."))
            else:
                try:
                    cleaned["category"] = chosen_category(cleaned["category"])
                except forms.ValidationError as error:
                    self.add_error("category", error)
        elif operation == BULK_ROUTE:
            choice = cleaned.get("agency") or BY_RULE
            cleaned["agency"] = None
            if choice != BY_RULE:
                try:
                    cleaned["agency"] = chosen_agency(int(choice))
                except (forms.ValidationError, ValueError):
                    self.add_error("agency", _("Такого органа нет в списке."))
        elif operation == BULK_DUPLICATE:
            if not (cleaned.get("original") or "").strip():
                self.add_error("original", _("Укажите номер исходного сообщения."))
                return cleaned
            try:
                cleaned["original"] = original_message(self.user, cleaned.get("original") or "")
            except forms.ValidationError as error:
                self.add_error("original", error)
        return cleaned
