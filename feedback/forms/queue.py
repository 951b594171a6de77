"""The queue's filter form (GET) and the form that saves the current filters under a name.

The filter form never refuses the whole request: a bad value (a date «31.02.2025», an unknown
sector id, a cursor someone edited) gets a Russian error beside its field and is left out, and
every other filter still applies. Choices are loaded once per request with `values_list` and
checked in memory, so validating six select boxes costs no query per field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cur.forms import mark_invalid, style_widgets
from feedback.models import Channel, MessageKind, MessageStatus, SavedFilter
from feedback.selectors.queue import (
    DEFAULT_SOON_DAYS,
    DUE_OVERDUE,
    DUE_SOON,
    DUE_TODAY,
    ORDER_DEADLINE,
    ORDER_NEWEST,
    Cursor,
    QueueQuery,
    message_number,
    search_tsquery,
)
from sectors.models import Agency, Category, Municipality, Sector

DATE_FORMAT_ERROR = _("Введите дату в виде ДД.ММ.ГГГГ, например 01.03.2025.")
UNKNOWN_CHOICE = _("Такого значения нет в списке.")
# The parameters that make up a query; anything else in the URL (the page cursor) is not a filter.
FILTER_FIELDS = (
    "q", "status", "closed", "sector", "category", "channel", "kind", "municipality", "agency",
    "due", "days", "unrouted", "unclassified", "tone", "registered_from", "registered_to", "order",
)
MAX_SAVED_FILTERS = 50


@dataclass(frozen=True)
class QueueChoices:
    """The reference lists offered by the filters, read once per request."""

    sectors: list[tuple[int, str]]
    categories: list[tuple[str, list[tuple[int, str]]]]
    channels: list[tuple[int, str]]
    kinds: list[tuple[int, str]]
    municipalities: list[tuple[int, str]]
    agencies: list[tuple[int, str]]

    @classmethod
    def load(cls, sector_scope: frozenset[int] | None = None):
        """The lists; sectors and categories only of `sector_scope` when one is given."""
        sectors = Sector.objects.order_by("order", "name")
        categories = Category.objects.order_by("sector__order", "sector__name", "order", "name")
        if sector_scope is not None:
            sectors = sectors.filter(pk__in=sector_scope)
            categories = categories.filter(sector_id__in=sector_scope)
        groups: dict[str, list[tuple[int, str]]] = {}
        for pk, name, parent, sector in categories.values_list("id", "name", "parent__name", "sector__name"):
            groups.setdefault(sector, []).append((pk, f"{parent} / {name}" if parent else name))
        return cls(
            sectors=list(sectors.values_list("id", "name")),
            categories=list(groups.items()),
            channels=list(Channel.objects.order_by("order", "name").values_list("id", "name")),
            kinds=list(MessageKind.objects.order_by("order", "name").values_list("id", "name")),
            municipalities=list(Municipality.objects.order_by("name").values_list("id", "name")),
            agencies=[(pk, short or name) for pk, name, short in Agency.objects.order_by("name").values_list("id", "name", "short_name")],
        )


class FastSelect(forms.Select):
    """A select box whose options are written in Python.

    Django renders every option through its own template; for the queue's ~200 options (categories,
    agencies, municipalities) that was a third of the page's server time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}

        def options(choices) -> SafeString:
            return format_html_join(
                "", "<option value=\"{}\"{}>{}</option>",
                ((v, mark_safe(" selected") if str(v) in chosen else "", label) for v, label in choices),
            )

        parts = []
        for group, choices in self.choices:
            if isinstance(choices, list | tuple):
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, options(choices)))
            else:
                parts.append(options([(group, choices)]))
        return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe("".join(parts)))


def _id_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": UNKNOWN_CHOICE}, widget=FastSelect,
    )


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, input_formats=["%d.%m.%Y"],
        error_messages={"invalid": DATE_FORMAT_ERROR},
        widget=forms.TextInput(attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric", "autocomplete": "off", "size": 10}),
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Слова из текста или адреса, № сообщения"), "autocomplete": "off"}),
    )
    status = forms.TypedMultipleChoiceField(
        label=_("Состояние"), required=False, choices=MessageStatus.choices,
        error_messages={"invalid_choice": _("Неизвестное состояние «%(value)s».")},
        widget=forms.CheckboxSelectMultiple,
    )
    closed = forms.BooleanField(label=_("включая закрытые"), required=False)
    sector = _id_field(_("Отраслевой блок"))
    category = _id_field(_("Категория"))
    channel = _id_field(_("Канал"))
    kind = _id_field(_("Вид"))
    municipality = _id_field(_("Муниципалитет"))
    agency = _id_field(_("Орган"))
    due = forms.ChoiceField(
        label=_("Срок ответа"), required=False,
        widget=FastSelect,
        choices=[("", _("любой")), (DUE_OVERDUE, _("просрочен")), (DUE_TODAY, _("истекает сегодня")), (DUE_SOON, _("в ближайшие N дней"))],
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    days = forms.IntegerField(
        label=_("дней"), required=False, min_value=1, max_value=90,
        error_messages={
            "invalid": _("Число дней — целое число от 1 до 90."),
            "min_value": _("Число дней — целое число от 1 до 90."),
            "max_value": _("Число дней — целое число от 1 до 90."),
        },
        widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_SOON_DAYS), "min": 1, "max": 90}),
    )
    unrouted = forms.BooleanField(label=_("не направлены в орган"), required=False)
    unclassified = forms.BooleanField(label=_("не классифицированы"), required=False)
    tone = forms.BooleanField(label=_("конфликтные, с угрозами или бранью"), required=False)
    registered_from = _date_field(_("Зарегистрировано с"))
    registered_to = _date_field(_("по"))
    order = forms.ChoiceField(
        label=_("Порядок"), required=False,
        widget=FastSelect,
        choices=[(ORDER_DEADLINE, _("по сроку ответа")), (ORDER_NEWEST, _("сначала новые"))],
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, choices: QueueChoices, **kwargs):
        super().__init__(data, **kwargs)
        empty = [("", _("все"))]
        self.fields["sector"].choices = empty + choices.sectors
        self.fields["category"].choices = empty + choices.categories
        self.fields["channel"].choices = empty + choices.channels
        self.fields["kind"].choices = empty + choices.kinds
        self.fields["municipality"].choices = empty + choices.municipalities
        self.fields["agency"].choices = empty + choices.agencies
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)

    @property
    def status_options(self) -> list[tuple[str, str, bool]]:
        """(value, label, checked) of the state check boxes, written by the template directly."""
        chosen = set(self.data.getlist("status")) if hasattr(self.data, "getlist") else set()
        return [(value, label, value in chosen) for value, label in MessageStatus.choices]

    @property
    def status_summary(self) -> str:
        """What the state drop-down holds, in words, for its closed button."""
        data = self.data if hasattr(self.data, "getlist") else {}
        chosen = set(data.getlist("status")) if data else set()
        labels = [str(label) for value, label in MessageStatus.choices if value in chosen]
        if not labels:
            parts = [str(_("все") if data.get("closed") else _("открытые"))]
        elif len(labels) <= 2:
            parts = [", ".join(labels)]
        else:
            parts = [_("выбрано: %(n)d") % {"n": len(labels)}]
        if data.get("unclassified"):
            parts.append(str(_("не классифицированы")))
        if data.get("unrouted"):
            parts.append(str(_("не направлены")))
        if data.get("tone"):
            parts.append(str(_("конфликтные")))
        return " · ".join(parts)

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        if text and message_number(text) is None and search_tsquery(text) is None:
            raise forms.ValidationError(_("В запросе нет слов для поиска: нужно хотя бы одно слово без минуса."))
        return text

    def clean_after(self) -> Cursor | None:
        text = self.cleaned_data["after"]
        if not text:
            return None
        try:
            return Cursor.decode(text)
        except (ValueError, OverflowError):
            raise forms.ValidationError(_("Ссылка на страницу списка повреждена: показано начало списка.")) from None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("registered_from"), cleaned.get("registered_to")
        if start and end and end < start:
            self.add_error("registered_to", _("Конец периода раньше его начала."))
        return cleaned

    def queue_query(self) -> QueueQuery:
        """The filters that passed validation; the others are left out (their errors are shown)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        return QueueQuery(
            statuses=tuple(data.get("status") or ()),
            include_closed=bool(data.get("closed")),
            sector_id=data.get("sector"),
            category_id=data.get("category"),
            channel_id=data.get("channel"),
            kind_id=data.get("kind"),
            municipality_id=data.get("municipality"),
            agency_id=data.get("agency"),
            due=data.get("due") or "",
            due_days=data.get("days") or DEFAULT_SOON_DAYS,
            unrouted=bool(data.get("unrouted")),
            unclassified=bool(data.get("unclassified")),
            tone=bool(data.get("tone")),
            registered_from=data.get("registered_from"),
            registered_to=data.get("registered_to"),
            search=data.get("q") or "",
            order=data.get("order") or ORDER_DEADLINE,
            after=data.get("after"),
        )

    def filter_params(self) -> list[tuple[str, str]]:
        """The submitted filter parameters as they came (bad ones included, so the user can fix
        them), without the page cursor and without empty values: for links and saved filters."""
        if self.data is None:
            return []
        params = []
        for name in FILTER_FIELDS:
            for value in self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]:
                if value not in (None, ""):
                    params.append((name, str(value)))
        return params

    def query_string(self, **extra: str) -> str:
        return urlencode(self.filter_params() + [(k, v) for k, v in extra.items() if v])


def query_string_of(params: Iterable[tuple[str, str]]) -> str:
    return urlencode([(k, v) for k, v in params if k in FILTER_FIELDS and v not in (None, "")])


class SavedFilterForm(forms.ModelForm):
    """Save the current filters under a name; the same name again replaces that filter's query."""

    class Meta:
        model = SavedFilter
        fields = ["name", "query"]
        labels = {"name": _("Название фильтра")}
        error_messages = {"name": {"required": _("Назовите фильтр.")}}
        widgets = {"query": forms.HiddenInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].widget.attrs.update(
            {"placeholder": _("Название, например «ЖКХ, просрочка»"), "maxlength": 100, "class": "form-control", "autocomplete": "off"}
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_query(self) -> str:
        # Only known filter parameters are kept: a saved filter is a query, never a page cursor.
        return query_string_of(parse_qsl(self.cleaned_data.get("query") or "", keep_blank_values=False))

    def validate_unique(self):
        # (user, name) is unique, and saving under an existing name replaces it (see save).
        pass

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        full = SavedFilter.objects.filter(user=self.user).count() >= MAX_SAVED_FILTERS
        if name and full and not self._existing(name):
            raise forms.ValidationError(
                _("Сохранено уже %(n)d фильтров: удалите ненужные, прежде чем сохранять новый.") % {"n": MAX_SAVED_FILTERS}
            )
        return cleaned

    def _existing(self, name: str) -> SavedFilter | None:
        return SavedFilter.objects.filter(user=self.user, name=name).first()

    def save(self, commit: bool = True) -> SavedFilter:
        saved, _created = SavedFilter.objects.update_or_create(
            user=self.user, name=self.cleaned_data["name"], defaults={"query": self.cleaned_data["query"]}
        )
        self.instance = saved
        return saved
