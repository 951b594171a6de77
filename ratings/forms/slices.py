"""The statistics page's GET form: what the slice is cut by, what it measures, and its filters.

Like the message queue's filters, it never refuses the whole request: a bad value (a date
«31.02.2025», an unknown category id) gets a Russian error beside its field and is left out, and
everything else still applies. Empty parameters take the defaults (sectors × months, count, the
last twelve full months and the current one), so /stats/ alone is a useful page and a saved
slice without dates keeps rolling forward. Choices are read once per request.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cur.forms import mark_invalid, style_widgets
from cur.numbers import as_id
from feedback.forms.queue import DATE_FORMAT_ERROR, UNKNOWN_CHOICE, FastSelect, QueueChoices
from feedback.models import MessageStatus
from ratings.selectors.slices import SliceQuery
from ratings.stats.catalog import DIMENSIONS, FILTER_DIMENSIONS, MEASURES

NO_COLUMNS = "-"
# The parameters that make up a slice; anything else in a URL is ignored and never saved.
SLICE_PARAMS = ("rows", "cols", "measure", "date_from", "date_to", *FILTER_DIMENSIONS)
DEFAULTS = {"rows": "sector", "cols": "month", "measure": "count"}
UNKNOWN_VALUE = _("Значения «%(value)s» нет в списке: оно не учтено.")


def default_period(today: date) -> tuple[date, date]:
    """The last twelve full months and the current one, up to today (or up to any end day)."""
    months = today.year * 12 + today.month - 1 - 12
    return date(months // 12, months % 12 + 1, 1), today


def clean_query_string(params) -> str:
    """Only the slice's own non-empty parameters, in a stable order: for links and saved slices."""
    if isinstance(params, str):
        params = QueryDict(params)
    pairs = []
    for name in SLICE_PARAMS:
        for value in params.getlist(name):
            if value not in (None, ""):
                pairs.append((name, value))
    return urlencode(pairs)


class SliceChoices(QueueChoices):
    """The queue's reference lists, limited to the reader's sectors, by filter name."""

    def for_filter(self, name: str) -> list:
        if name == "status":
            return [(value, str(label)) for value, label in MessageStatus.choices]
        return getattr(self, {"sector": "sectors", "category": "categories", "municipality": "municipalities",
                              "agency": "agencies", "channel": "channels", "kind": "kinds"}[name])


@dataclass(frozen=True)
class MultiFilter:
    """A filter drawn as a drop-down of check boxes: (group, [(value, label, checked)]) lists."""

    name: str
    label: str
    summary: str
    groups: list[tuple[str, list[tuple[str, str, bool]]]]
    errors: list[str]
    chosen: int


def _flat(choices) -> list[tuple]:
    flat = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((value, label))
    return flat


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, input_formats=["%d.%m.%Y"],
        error_messages={"invalid": DATE_FORMAT_ERROR},
        widget=forms.TextInput(attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric", "autocomplete": "off", "size": 10}),
    )


# Shorter names where the dimension's own would wrap above a narrow filter box.
FILTER_LABELS = {"municipality": _("Муниципалитет"), "kind": _("Вид")}


def _filter_field(name: str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=FILTER_LABELS.get(name, DIMENSIONS[name].label), required=False, coerce=str if name == "status" else int,
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )


class SliceForm(forms.Form):
    rows = forms.ChoiceField(label=_("Строки"), widget=FastSelect, error_messages={"invalid_choice": UNKNOWN_CHOICE})
    cols = forms.ChoiceField(label=_("Столбцы"), widget=FastSelect, error_messages={"invalid_choice": UNKNOWN_CHOICE})
    measure = forms.ChoiceField(label=_("Показатель"), widget=FastSelect, error_messages={"invalid_choice": UNKNOWN_CHOICE})
    date_from = _date_field(_("с"))
    date_to = _date_field(_("по"))

    def __init__(self, params: QueryDict, *, choices: SliceChoices, today: date):
        self.params = params
        self.today = today
        data = params.copy()
        for name, value in DEFAULTS.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data)
        self.choices = choices
        dimensions = [(code, d.label) for code, d in DIMENSIONS.items()]
        self.fields["rows"].choices = dimensions
        self.fields["cols"].choices = [(NO_COLUMNS, _("без разбивки")), *dimensions]
        self.fields["measure"].choices = [(code, m.label) for code, m in MEASURES.items()]
        for name in FILTER_DIMENSIONS:
            self.fields[name] = _filter_field(name)
            self.fields[name].choices = choices.for_filter(name)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)
        # The date boxes left empty show the period the slice was counted for.
        for name, day in zip(("date_from", "date_to"), self.period, strict=True):
            if not self.params.get(name):
                self.data[name] = day.strftime("%d.%m.%Y")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rows") and cleaned.get("rows") == cleaned.get("cols"):
            self.add_error("cols", _("Строки и столбцы разбиты по одному и тому же: выберите для столбцов другое."))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Конец периода раньше его начала: показан период по умолчанию."))
            cleaned.pop("date_from", None)
        return cleaned

    def requested_sector_ids(self) -> set[int]:
        """The sector ids asked for in the URL, before validation: a sector-scoped reader asking
        for another sector is refused (403), not shown a form error."""
        return {n for n in map(as_id, self.params.getlist("sector")) if n is not None}

    def _cleaned(self) -> dict:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data

    def _kept(self, name: str) -> tuple:
        """A filter's valid values; when some were unknown, the others still apply."""
        data = self._cleaned()
        if name in data:
            return tuple(data[name])
        coerce = self.fields[name].coerce
        allowed = {str(value) for value, _label in _flat(self.fields[name].choices)}
        return tuple(coerce(v) for v in self.data.getlist(name) if v in allowed)

    @property
    def period(self) -> tuple[date, date]:
        """The period counted: a missing or wrong start is twelve months before the end, a
        missing or wrong end is today."""
        data = self._cleaned()
        end = data.get("date_to") or self.today
        start = data.get("date_from") or default_period(end)[0]
        return (start, end) if start <= end else default_period(self.today)

    def slice_query(self) -> SliceQuery:
        data = self._cleaned()
        rows = data.get("rows") or DEFAULTS["rows"]
        # A rejected column choice (unknown, or the same as the rows) leaves the table one column wide.
        cols = data.get("cols")
        cols = None if cols in (NO_COLUMNS, None, rows) else cols
        date_from, date_to = self.period
        if date_to >= self.today and not {rows, cols} & {"day", "week"}:
            # No message is registered in the future, so a period up to today counts the same as
            # one up to the end of this month, and that one the monthly rollup answers at once.
            date_to = max(date_to, date_to.replace(day=calendar.monthrange(date_to.year, date_to.month)[1]))
        filters = {name: values for name in FILTER_DIMENSIONS if (values := self._kept(name))}
        return SliceQuery(
            measure=data.get("measure") or DEFAULTS["measure"], rows=rows, cols=cols, filters=filters,
            date_from=date_from, date_to=date_to,
        )

    def query_string(self) -> str:
        """The submitted parameters as they came (bad ones included, so the user can fix them)."""
        return clean_query_string(self.params)

    @property
    def multi_filters(self) -> list[MultiFilter]:
        result = []
        for name in FILTER_DIMENSIONS:
            field = self.fields[name]
            chosen = {str(v) for v in self.data.getlist(name)}
            groups = []
            for value, label in field.choices:
                if isinstance(label, list | tuple):
                    groups.append((value, [(str(v), lab, str(v) in chosen) for v, lab in label]))
                else:
                    if not groups or groups[-1][0]:
                        groups.append(("", []))
                    groups[-1][1].append((str(value), label, str(value) in chosen))
            names = [str(label) for _v, label in _flat(field.choices) if str(_v) in chosen]
            if not names:
                summary = str(_("все"))
            elif len(names) <= 2:
                summary = ", ".join(names)
            else:
                summary = str(_("выбрано: %(n)d")) % {"n": len(names)}
            result.append(MultiFilter(name, str(field.label), summary, groups, list(self.errors.get(name, [])), len(names)))
        return result

    def describe(self) -> list[tuple[str, str]]:
        """(label, values) of the filters that apply, in words: for captions and exports."""
        query = self.slice_query()
        lines = []
        for name in FILTER_DIMENSIONS:
            values = query.filters.get(name)
            if values:
                names = dict(_flat(self.fields[name].choices))
                lines.append((str(self.fields[name].label), ", ".join(str(names.get(v, v)) for v in values)))
        return lines
