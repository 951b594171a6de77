"""The forms of the message card's actions: each validates what a person typed and hands clean
values to one service (feedback.services.triage / answers), which checks the workflow.

Every form is built with the message and the user, and with its action as the prefix, so the
fifteen small forms of one card never share a field id. Choices come from one query per form,
and only the forms of the actions the user may take are built at all.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cur.forms import mark_invalid, style_widgets
from feedback.access import visible_messages
from feedback.calendar import ProductionCalendar
from feedback.deadlines import END_OF_DAY
from feedback.forms.widgets import FastDateInput, FastNumberInput, FastSelect, FastTextarea, FastTextInput
from feedback.models import AnswerKind, CalendarOverride, MassProblem, Message, ReturnReason
from feedback.services.answers import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from feedback.services.triage import MAX_EXTENSION_DAYS
from sectors.models import Agency, AgencyKind, Category
from sectors.services.routing import suggest_agency

RETURN_WORKING_DAYS = 5
# Indent of a subcategory under its parent in a <select>: ordinary spaces would be collapsed.
SUBCATEGORY_INDENT = "\u00a0\u00a0\u00a0\u00a0"
_NUMBER = re.compile(r"^\s*(?:№|N|#)?\s*(\d{1,18})\s*$", re.IGNORECASE)


def _textarea(rows: int = 3, placeholder: str = "") -> forms.Textarea:
    attrs = {"rows": rows}
    if placeholder:
        attrs["placeholder"] = placeholder
    return FastTextarea(attrs=attrs)


class ActionForm(forms.Form):
    """One action of the card. Subclasses name the action and the button, and set up choices."""

    action = ""
    submit_label = _("Выполнить")
    # Bootstrap colour of the button: the actions that end a message's life are not primary.
    tone = "primary"
    multipart = False
    hint = ""

    def __init__(self, data=None, files=None, *, message: Message, user, **kwargs):
        kwargs.setdefault("prefix", self.action)
        super().__init__(data, files, **kwargs)
        self.message = message
        self.user = user
        self.setup()
        style_widgets(self)

    def setup(self) -> None:
        """Choices and initial values that depend on the message."""

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)


def _required_text(label, *, max_length: int = 2000, rows: int = 3, placeholder: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, widget=_textarea(rows, placeholder),
        error_messages={"required": _("Заполните это поле.")},
    )


def _optional_text(label, *, max_length: int = 2000, rows: int = 2, placeholder: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, widget=_textarea(rows, placeholder))


# ---- operators: triage -------------------------------------------------------------------------


class CategoryRow(NamedTuple):
    id: int
    name: str
    parent_id: int | None
    parent_name: str | None
    sector_name: str


def active_categories() -> list[CategoryRow]:
    """The categories one may classify into, as plain rows: a card builds its list of 60–100
    categories on every view, and model instances would cost more than the query."""
    return [
        CategoryRow(*row)
        for row in Category.objects.filter(is_active=True, sector__is_active=True)
        .order_by("sector__order", "sector__name", "order", "name")
        .values_list("id", "name", "parent_id", "parent__name", "sector__name")
    ]


def category_choices(categories: list[CategoryRow]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Optgroups by sector; each subcategory indented right under its parent.

    `categories` come ordered by sector and order; a parent is listed before its children even
    when one of them has a smaller order.
    """
    groups: dict[str, list[CategoryRow]] = {}
    for c in categories:
        groups.setdefault(c.sector_name, []).append(c)
    out = []
    for sector_name, members in groups.items():
        listed = {m.id for m in members}
        children: dict[int, list[CategoryRow]] = {}
        for c in members:
            if c.parent_id:
                children.setdefault(c.parent_id, []).append(c)
        options = []
        for c in members:
            if c.parent_id in listed:
                continue  # listed under its parent
            options.append((c.id, f"{c.parent_name} / {c.name}" if c.parent_id else c.name))
            options += [(child.id, SUBCATEGORY_INDENT + child.name) for child in children.get(c.id, [])]
        out.append((sector_name, options))
    return out


def chosen_category(category_id: int) -> Category:
    category = Category.objects.select_related("sector", "parent").filter(pk=category_id, is_active=True, sector__is_active=True).first()
    if category is None:
        raise forms.ValidationError(_("Эта категория больше не действует: выберите другую."))
    return category


class ClassifyForm(ActionForm):
    action = "classify"
    submit_label = _("Классифицировать")
    category = forms.TypedChoiceField(label=_("Категория"), coerce=int, widget=FastSelect, error_messages={"required": _("Выберите категорию.")})
    note = _optional_text(_("Комментарий"), max_length=500, rows=1)

    # What the classifier suggested when the form was shown; posted back so that the event records
    # whether the operator accepted it.
    suggested_category = forms.IntegerField(label=_("Предложенная категория"), required=False, widget=forms.HiddenInput)
    suggested_confidence = forms.FloatField(
        label=_("Уверенность подсказки"), required=False, min_value=0, max_value=1, widget=forms.HiddenInput,
    )

    def setup(self) -> None:
        self.fields["category"].choices = [("", _("— выберите категорию —"))] + category_choices(active_categories())
        self.suggestion = None
        if self.message.category_id:
            self.initial.setdefault("category", self.message.category_id)
        elif not self.is_bound:
            from feedback.classifier.suggest import suggestion_for

            self.suggestion = suggestion_for(self.message)
            if self.suggestion is not None:
                self.initial.update(
                    category=self.suggestion.category_id, suggested_category=self.suggestion.category_id,
                    suggested_confidence=round(self.suggestion.confidence, 4),
                )
                self.hint = _("Подсказка классификатора: %(sector)s / %(category)s, уверенность %(percent)s %%. "
                              "Клавиша «a» — принять.") % {
                    "sector": self.suggestion.sector_name, "category": self.suggestion.category_name,
                    "percent": self.suggestion.percent,
                }

    def suggestion_data(self) -> dict | None:
        """The suggestion shown with the form, as the classification event keeps it."""
        category, confidence = self.cleaned_data.get("suggested_category"), self.cleaned_data.get("suggested_confidence")
        if category is None:
            return None
        return {"category": category, "confidence": confidence}

    def clean_category(self) -> Category:
        return chosen_category(self.cleaned_data["category"])


AGENCY_GROUPS = {
    AgencyKind.EXECUTIVE: _("Органы исполнительной власти"),
    AgencyKind.LOCAL_GOVERNMENT: _("Органы местного самоуправления"),
    AgencyKind.SUBORDINATE: _("Подведомственные учреждения"),
    AgencyKind.STATE_COMPANY: _("Организации с государственным участием"),
    AgencyKind.FEDERAL_TERRITORIAL: _("Территориальные органы федеральных органов"),
}


def agency_choices(*, recommended: int | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active agencies grouped by kind, the recommended one marked «рекомендовано»."""
    groups: dict[str, list[tuple[int, str]]] = {str(label): [] for label in AGENCY_GROUPS.values()}
    for pk, name, kind in Agency.objects.filter(is_active=True).order_by("name").values_list("id", "name", "kind"):
        label = _("%(name)s — рекомендовано") % {"name": name} if pk == recommended else name
        groups[str(AGENCY_GROUPS.get(kind, AGENCY_GROUPS[AgencyKind.EXECUTIVE]))].append((pk, label))
    return [(group, options) for group, options in groups.items() if options]


def chosen_agency(agency_id: int) -> Agency:
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
    if agency is None:
        raise forms.ValidationError(_("Такого органа нет в списке."))
    return agency


class RouteForm(ActionForm):
    action = "route"
    submit_label = _("Направить")
    agency = forms.TypedChoiceField(label=_("Орган-исполнитель"), coerce=int, widget=FastSelect, error_messages={"required": _("Выберите орган.")})
    note = _optional_text(_("Комментарий для органа"), max_length=500, rows=1)

    def setup(self) -> None:
        message = self.message
        self.suggested = None
        if message.category_id:
            self.suggested = suggest_agency(category=message.category, municipality=message.municipality)
        recommended = self.suggested.id if self.suggested else None
        self.fields["agency"].choices = [("", _("— выберите орган —"))] + agency_choices(recommended=recommended)
        if self.suggested:
            self.initial.setdefault("agency", self.suggested.id)
            self.hint = _("Рекомендовано правилом маршрутизации: %(agency)s.") % {"agency": self.suggested.name}
        elif message.agency_id:
            self.initial.setdefault("agency", message.agency_id)
        if not message.category_id:
            self.hint = _("Сначала классифицируйте сообщение: по категории подбирается орган.")

    def clean_agency(self) -> Agency:
        return chosen_agency(self.cleaned_data["agency"])


REJECT_REASONS = [
    ("spam", _("Спам")),
    ("not_message", _("Не является обращением")),
    ("insults", _("Оскорбления без сути")),
]


class RejectForm(ActionForm):
    action = "reject"
    submit_label = _("Отклонить")
    tone = "danger"
    reason = forms.ChoiceField(label=_("Причина"), choices=REJECT_REASONS, widget=forms.RadioSelect, initial="spam")
    comment = _optional_text(_("Комментарий"), max_length=500, rows=1)

    def reason_text(self) -> str:
        label = str(dict(REJECT_REASONS)[self.cleaned_data["reason"]])
        comment = self.cleaned_data["comment"].strip()
        return f"{label}. {comment}" if comment else label


class ForwardForm(ActionForm):
    action = "forward"
    submit_label = _("Перенаправить")
    tone = "secondary"
    recipient = forms.CharField(
        label=_("Куда перенаправлено"), max_length=300,
        widget=FastTextInput(attrs={"placeholder": _("например, Прокуратура Тверской области")}),
        error_messages={"required": _("Укажите орган, куда перенаправлено сообщение.")},
    )
    reason = _required_text(_("Причина"), max_length=1000, rows=2, placeholder=_("почему вопрос вне компетенции региона"))


def parse_number(text: str) -> int | None:
    """«123», «00000123», «№ 123» → 123."""
    match = _NUMBER.match(text or "")
    return int(match[1]) if match else None


class DuplicateForm(ActionForm):
    action = "duplicate"
    submit_label = _("Закрыть как дубликат")
    tone = "secondary"
    original = forms.CharField(
        label=_("Номер исходного сообщения"), max_length=30,
        widget=FastTextInput(attrs={"placeholder": _("например, 00012345"), "inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Укажите номер исходного сообщения.")},
    )

    def clean_original(self) -> Message:
        return original_message(self.user, self.cleaned_data["original"], exclude=self.message)


def original_message(user, text: str, *, exclude: Message | None = None) -> Message:
    """The message a duplicate points at: it must exist and be visible to the user."""
    number = parse_number(text)
    if number is None:
        raise forms.ValidationError(_("Номер сообщения — это цифры, например 00012345."))
    original = visible_messages(user).filter(pk=number).only("id", "number").first()
    if original is None:
        raise forms.ValidationError(_("Сообщение № %(number)s не найдено или вам недоступно.") % {"number": text.strip()})
    if exclude is not None and original.pk == exclude.pk:
        raise forms.ValidationError(_("Сообщение не может быть дубликатом самого себя."))
    return original


class MassProblemForm(ActionForm):
    action = "mass_problem"
    submit_label = _("Связать")
    tone = "secondary"
    problem = forms.TypedChoiceField(label=_("Открытая массовая проблема"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    title = forms.CharField(
        label=_("или новая — название"), max_length=300, required=False,
        widget=FastTextInput(attrs={"placeholder": _("например, Нет отопления, ул. Ленина, 5")}),
    )

    def setup(self) -> None:
        m = self.message
        problems = list(
            MassProblem.objects.filter(state=MassProblem.State.OPEN, sector_id=m.sector_id, municipality_id=m.municipality_id)
            .order_by("-created_at")[:50]
        )
        self.problems = {p.id: p for p in problems}
        self.fields["problem"].choices = [("", _("— создать новую —"))] + [(p.id, p.title) for p in problems]
        self.hint = _("Показаны открытые проблемы того же блока и муниципалитета.") if problems else _(
            "Открытых массовых проблем того же блока и муниципалитета нет: создайте новую."
        )
        if m.mass_problem_id in self.problems:
            self.initial.setdefault("problem", m.mass_problem_id)

    def clean(self):
        cleaned = super().clean()
        problem_id, title = cleaned.get("problem"), (cleaned.get("title") or "").strip()
        if problem_id is not None:
            problem = self.problems.get(problem_id)
            if problem is None:
                self.add_error("problem", _("Такой открытой массовой проблемы нет."))
            elif title:
                self.add_error("title", _("Выберите существующую проблему или введите название новой, но не то и другое."))
            cleaned["problem"] = problem
        elif not title and "title" not in self.errors:
            self.add_error("title", _("Выберите открытую массовую проблему или введите название новой."))
        cleaned["title"] = title
        return cleaned


class CommentForm(ActionForm):
    action = "comment"
    submit_label = _("Добавить комментарий")
    tone = "secondary"
    text = _required_text(_("Комментарий"), max_length=4000, rows=2, placeholder=_("виден сотрудникам ЦУР и органа, не жителю"))


class ExtendForm(ActionForm):
    action = "extend"
    submit_label = _("Продлить срок")
    tone = "secondary"
    days = forms.IntegerField(
        label=_("На сколько дней"), min_value=1, max_value=MAX_EXTENSION_DAYS, initial=MAX_EXTENSION_DAYS,
        widget=FastNumberInput(attrs={"min": 1, "max": MAX_EXTENSION_DAYS}),
        error_messages={
            "required": _("Укажите число дней от 1 до 30."),
            "min_value": _("Продлить можно на 1–30 дней."),
            "max_value": _("Продлить можно на 1–30 дней."),
            "invalid": _("Укажите число дней от 1 до 30."),
        },
    )
    reason = _required_text(_("Причина продления"), max_length=1000, rows=2, placeholder=_("автор будет уведомлён о продлении"))
    hint = _("По 59-ФЗ срок продлевается один раз, не больше чем на 30 дней.")


# ---- agencies ----------------------------------------------------------------------------------


class TakeForm(ActionForm):
    action = "take"
    submit_label = _("Взять в работу")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one `<input type=file multiple>`."""

    def __init__(self, *args, **kwargs):
        # Visually hidden: the card shows a Russian button (a <label>) in place of the browser's own.
        attrs = {"class": "visually-hidden cur-files-input", "data-max-bytes": MAX_ATTACHMENT_BYTES, "data-max-files": MAX_ATTACHMENTS}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AnswerForm(ActionForm):
    """The agency's final answer; the interim one is the same form of another kind."""

    action = "answer"
    kind = AnswerKind.FINAL
    submit_label = _("Отправить окончательный ответ")
    multipart = True
    text = _required_text(_("Текст ответа"), max_length=20000, rows=5, placeholder=_("ответ по существу, его увидит житель"))
    files = MultipleFileField(
        label=_("Файлы"), required=False,
        help_text=_("До %(count)d файлов, каждый не больше %(size)s.") % {"count": MAX_ATTACHMENTS, "size": filesizeformat(MAX_ATTACHMENT_BYTES)},
    )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("К ответу можно приложить не больше %(count)d файлов.") % {"count": MAX_ATTACHMENTS})
        for upload in files:
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("Файл «%(name)s» больше %(size)s.") % {"name": upload.name, "size": filesizeformat(MAX_ATTACHMENT_BYTES)}
                )
        return files


class InterimAnswerForm(AnswerForm):
    action = "interim"
    kind = AnswerKind.INTERIM
    submit_label = _("Отправить промежуточный ответ")
    tone = "secondary"
    text = _required_text(_("Текст промежуточного ответа"), max_length=20000, rows=3, placeholder=_("что уже сделано и когда ждать ответа"))


class RerouteRequestForm(ActionForm):
    action = "reroute_request"
    submit_label = _("Запросить переадресацию")
    tone = "secondary"
    reason = _required_text(_("Почему сообщение не для вашего органа"), max_length=1000, rows=2, placeholder=_("и кому, по-вашему, его направить"))


# ---- operators: review and satisfaction --------------------------------------------------------


class AcceptForm(ActionForm):
    action = "accept"
    submit_label = _("Принять ответ")
    tone = "success"
    note = _optional_text(_("Комментарий"), max_length=500, rows=1)


def default_return_deadline(now: datetime | None = None) -> datetime:
    """Five working days from today on the production calendar with the head's overrides."""
    today = timezone.localdate(now)
    calendar = ProductionCalendar(dict(CalendarOverride.objects.values_list("date", "is_working")))
    return calendar.add_working_days(today, RETURN_WORKING_DAYS)


class ReturnForm(ActionForm):
    action = "return"
    submit_label = _("Вернуть на доработку")
    tone = "warning"
    reason = forms.ChoiceField(label=_("Причина возврата"), choices=ReturnReason.choices, widget=forms.RadioSelect)
    comment = _optional_text(_("Что доработать"), max_length=2000, rows=2)
    new_deadline = forms.DateField(
        label=_("Новый срок"), input_formats=["%d.%m.%Y"],
        widget=FastDateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ", "inputmode": "numeric", "autocomplete": "off", "size": 10}),
        error_messages={"invalid": _("Введите дату в виде ДД.ММ.ГГГГ."), "required": _("Укажите новый срок.")},
    )

    def setup(self) -> None:
        day = default_return_deadline()
        self.initial.setdefault("new_deadline", day)
        self.fields["new_deadline"].help_text = _("По умолчанию — 5 рабочих дней.")

    def clean_new_deadline(self) -> datetime:
        day = self.cleaned_data["new_deadline"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Новый срок должен быть позже сегодняшнего дня."))
        if day > timezone.localdate() + timedelta(days=60):
            raise forms.ValidationError(_("Новый срок — не дальше чем через 60 дней."))
        # The whole last day is on time, as for every other deadline (feedback.deadlines).
        return datetime.combine(day, END_OF_DAY, timezone.get_current_timezone())


SOLVED_CHOICES = [("yes", _("да")), ("no", _("нет")), ("unknown", _("не сказал"))]
SOLVED_VALUES = {"yes": True, "no": False, "unknown": None}


class RateForm(ActionForm):
    action = "rate"
    submit_label = _("Записать оценку")
    rating = forms.TypedChoiceField(
        label=_("Оценка от 1 до 5"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)], widget=forms.RadioSelect,
        error_messages={"required": _("Выберите оценку от 1 до 5.")},
    )
    solved = forms.ChoiceField(label=_("Проблема решена?"), choices=SOLVED_CHOICES, widget=forms.RadioSelect, initial="unknown")
    hint = _("Оценка 3 и ниже возобновляет сообщение и возвращает его тому же органу.")

    def clean_solved(self) -> bool | None:
        return SOLVED_VALUES[self.cleaned_data["solved"]]


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        ClassifyForm, RouteForm, RejectForm, ForwardForm, DuplicateForm, MassProblemForm, CommentForm, ExtendForm,
        TakeForm, InterimAnswerForm, AnswerForm, RerouteRequestForm, AcceptForm, ReturnForm, RateForm,
    )
}
