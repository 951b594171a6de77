"""Validating one incoming message, whatever brought it: a file import, the REST API, the web form.

The form knows nothing about files or requests: it takes a dict of raw values (strings from a CSV,
numbers and datetimes from a spreadsheet, JSON values) and produces an `IncomingMessage` for
`feedback.services.intake`. Error messages are whole Russian sentences that name the field and,
where it helps, the bad value, so an import report can print them without the field's label.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cur.process_cache import remembered
from cur.untrusted_text import XML_FORBIDDEN, code_point, xml_forbidden_in, xml_safe
from feedback.models import Channel, MessageKind
from feedback.services.intake import IncomingMessage
from sectors.models import Municipality, MunicipalityKind

# Clocks of the systems that export messages are not exact; a few minutes ahead is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=5)

DATE_FORMATS_HINT = "ДД.ММ.ГГГГ ЧЧ:ММ, ДД.ММ.ГГГГ или ГГГГ-ММ-ДДTЧЧ:ММ (ISO 8601)"
_DATETIME_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y, %H:%M", "%d.%m.%y %H:%M")
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y")

# Municipalities are named in many ways: «г. Тверь», «город Тверь», «Тверь г.», «городской округ
# город Тверь», «Конаковский муниципальный округ» / «Конаковский район». These words say what kind of
# municipality it is, not which one, so they are dropped before comparing names.
_MUNICIPALITY_TYPE_WORDS = sorted(
    (
        tuple(phrase.split())
        for phrase in (
            "городской округ", "муниципальный округ", "муниципальный район", "городское поселение",
            "сельское поселение", "городской поселок", "рабочий поселок", "закрытое административно-территориальное образование",
            "г о", "м о", "м р", "г п", "с п", "р п",
            "город", "гор", "г", "го", "мо", "зато", "район", "р-н", "округ", "пгт", "рп", "поселок", "пос", "п",
            "село", "с", "деревня", "д", "станица", "ст",
        )
    ),
    key=len,
    reverse=True,
)
# When a name fits several municipalities, a resident most likely means the one of the upper level.
_UPPER_LEVEL = {MunicipalityKind.URBAN_DISTRICT, MunicipalityKind.MUNICIPAL_DISTRICT, MunicipalityKind.MUNICIPAL_AREA}


def _fold(value: str) -> str:
    """Case, «ё» and spacing never distinguish two names."""
    return " ".join(value.casefold().replace("ё", "е").split())


def municipality_core_name(value: str) -> str:
    """«г. Тверь», «городской округ город Тверь», «Тверь» → «тверь»."""
    text = re.sub(r"[«»\"'()]", " ", _fold(value))
    words = [w.strip(".,") for w in text.replace(".", ". ").split()]
    words = [w for w in words if w]
    changed = True
    while changed:
        changed = False
        for phrase in _MUNICIPALITY_TYPE_WORDS:
            n = len(phrase)
            if len(words) <= n:
                continue
            if tuple(words[:n]) == phrase:
                words, changed = words[n:], True
            elif tuple(words[-n:]) == phrase:
                words, changed = words[:-n], True
    return " ".join(words)


def _as_text(value) -> str:
    """Spreadsheets give numbers where a system meant a code: 12345.0 is «12345», not «12345.0»."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class IntakeLookups:
    """Reference data an incoming message names by code or name, each table read once.

    One instance serves a request or a whole import, so 100,000 rows naming 40 municipalities cost
    three queries, not 100,000.
    """

    def __init__(self):
        self._kinds: dict[str, MessageKind] | None = None
        self._channels: dict[str, Channel] | None = None
        self._municipalities: list[Municipality] | None = None
        self._by_oktmo: dict[str, Municipality] = {}
        self._by_name: dict[str, list[Municipality]] = {}
        self._by_core: dict[str, list[Municipality]] = {}

    @classmethod
    def shared(cls) -> IntakeLookups:
        """All three tables read, kept in the process for a few seconds (cur.process_cache), for
        the API: each request would otherwise read them again. Read-only once published."""

        def load() -> IntakeLookups:
            lookups = cls()
            lookups._kinds = cls._index(MessageKind.objects.all())
            lookups._channels = cls._index(Channel.objects.select_related("default_kind"))
            lookups._load_municipalities()
            return lookups

        return remembered("intake-lookups", load)

    # Kinds and channels: a handful of rows, matched by code or by name.

    def kind(self, value) -> MessageKind:
        if self._kinds is None:
            self._kinds = self._index(MessageKind.objects.all())
        found = self._kinds.get(_fold(_as_text(value)))
        if found is None:
            codes = ", ".join(sorted({k.code for k in self._kinds.values()})) or "справочник пуст"
            raise ValidationError(
                f"Вид сообщения «{value}» не найден; допустимые коды: {codes}.", code="unknown_kind"
            )
        return found

    def channel(self, value) -> Channel:
        if self._channels is None:
            self._channels = self._index(Channel.objects.select_related("default_kind"))
        found = self._channels.get(_fold(_as_text(value)))
        if found is None:
            raise ValidationError(
                f"Канал «{value}» не найден; допустимые коды: {self.channel_codes()}.", code="unknown_channel"
            )
        return found

    def channel_codes(self) -> str:
        if self._channels is None:
            self._channels = self._index(Channel.objects.select_related("default_kind"))
        return ", ".join(sorted({c.code for c in self._channels.values()})) or "справочник каналов пуст"

    @staticmethod
    def _index(objects) -> dict:
        index = {}
        for obj in objects:
            index.setdefault(_fold(obj.name), obj)
        # A code wins over a name that happens to be spelled the same.
        for obj in objects:
            index[_fold(obj.code)] = obj
        return index

    # Municipalities: by OKTMO code, by exact name, or by the name without «г.», «район» and the like.

    def municipality(self, value) -> Municipality:
        self._load_municipalities()
        raw = _as_text(value).strip()
        oktmo = raw.replace(" ", "")
        if oktmo.isdigit():
            return self._municipality_by_oktmo(oktmo, raw)
        candidates = self._by_name.get(_fold(raw)) or self._by_core.get(municipality_core_name(raw)) or []
        if not candidates:
            raise ValidationError(
                f"Муниципальное образование «{raw}» не найдено; укажите название из справочника или код ОКТМО.",
                code="unknown_municipality",
            )
        return self._pick(raw, candidates)

    def _load_municipalities(self) -> None:
        if self._municipalities is not None:
            return
        self._municipalities = list(Municipality.objects.only("id", "name", "oktmo", "kind", "is_active"))
        for m in self._municipalities:
            self._by_oktmo[m.oktmo] = m
            self._by_name.setdefault(_fold(m.name), []).append(m)
            self._by_core.setdefault(municipality_core_name(m.name), []).append(m)

    def _municipality_by_oktmo(self, oktmo: str, raw: str) -> Municipality:
        # A spreadsheet stores «01701000» as the number 1701000: put the leading zero back.
        if len(oktmo) in (7, 10):
            oktmo = "0" + oktmo
        if len(oktmo) not in (8, 11):
            raise ValidationError(f"Код ОКТМО «{raw}» должен состоять из 8 или 11 цифр.", code="bad_oktmo")
        found = self._by_oktmo.get(oktmo)
        if found is None:
            raise ValidationError(
                f"Муниципальное образование с кодом ОКТМО {oktmo} не найдено.", code="unknown_municipality"
            )
        return found

    @staticmethod
    def _pick(raw: str, candidates: list[Municipality]) -> Municipality:
        if len(candidates) > 1:
            candidates = [m for m in candidates if m.is_active] or candidates
        if len(candidates) > 1:
            candidates = [m for m in candidates if m.kind in _UPPER_LEVEL] or candidates
        if len(candidates) > 1:
            names = "; ".join(f"{m.name} (ОКТМО {m.oktmo})" for m in candidates)
            raise ValidationError(
                f"Муниципальное образование «{raw}» неоднозначно: подходят {names}; укажите код ОКТМО.",
                code="ambiguous_municipality",
            )
        return candidates[0]


# Fields -------------------------------------------------------------------------------------


def _messages(label: str, **extra: str) -> dict[str, str]:
    """Errors that name their field: «Адрес проблемы длиннее 500 символов (сейчас 612)»."""
    return {
        "max_length": f"{label} длиннее %(limit_value)d символов (сейчас %(show_value)d).",
        "null_characters_not_allowed": f"{label} содержит недопустимый нулевой символ.",
        **extra,
    }


def _char(label: str, max_length: int | None = None, *, field=forms.CharField, required=False, **kwargs):
    messages = _messages(label, **kwargs.pop("error_messages", {}))
    return field(label=label, max_length=max_length, required=required, error_messages=messages, **kwargs)


class CodeField(forms.CharField):
    """Identifiers and codes: 12345.0 from a spreadsheet is «12345».

    A control character in an identifier is refused, not removed (cur.untrusted_text): two
    different numbers must never become one.
    """

    def to_python(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        found = XML_FORBIDDEN.search(value or "")
        if found and found.group() != "\x00":  # NUL has Django's own message
            raise ValidationError(
                f"{self.label} содержит недопустимый управляющий символ {code_point(found.group())}.", code="control_character"
            )


class ReceivedAtField(forms.Field):
    """ДД.ММ.ГГГГ ЧЧ:ММ, ДД.ММ.ГГГГ, ISO 8601, or a datetime a spreadsheet already parsed.

    A time without a zone is the region's local time (settings.TIME_ZONE); a date alone is the
    start of that day.
    """

    default_error_messages = {
        "required": "Не указана дата поступления.",
        "invalid": "Дата поступления «%(value)s» не распознана: ожидается " + DATE_FORMATS_HINT + ".",
    }

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        parsed = self._parse(value)
        if parsed is None or not 1900 <= parsed.year <= 9998:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
        return parsed

    @staticmethod
    def _parse(value) -> datetime | None:
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time.min)
        text = " ".join(str(value).split())
        if text[:4].isdigit():
            # ISO 8601 (what systems send) first: a Russian date starts with ДД., never four digits.
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass
        for fmt in _DATETIME_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                pass
        for fmt in _DATE_FORMATS:
            try:
                return datetime.combine(datetime.strptime(text, fmt).date(), time.min)
            except ValueError:
                pass
        try:
            # Python 3.11 reads the whole of ISO 8601 as systems write it: «T» or space, «Z», offsets.
            return datetime.fromisoformat(text)
        except ValueError:
            return None


class CoordinateField(forms.Field):
    """A latitude or longitude: «56,8587» (Russian decimal comma) or 56.8587."""

    def __init__(self, *, label: str, limit: int, **kwargs):
        self.limit = limit
        super().__init__(label=label, required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = float(str(value).strip().replace(",", ".").replace(" ", ""))
        except ValueError:
            number = None
        if number is None or number != number or not -self.limit <= number <= self.limit:
            raise ValidationError(
                f"{self.label} «{value}» должна быть числом от -{self.limit} до {self.limit}.", code="invalid"
            )
        return number


_EXTENSION = re.compile(r"\s*(?:доб|доп|ext|вн)\.?\s*(\d{1,6})\s*$|\s*[#xх]\s*(\d{1,6})\s*$", re.IGNORECASE)


def normalize_phone(value: str) -> str:
    """«8 (4822) 32-10-00 доб. 12» → «+74822321000 доб. 12»; raises ValueError for what is not a number.

    Russian numbers are stored as +7 and ten digits, so one resident's calls from different systems
    look the same; foreign numbers keep their country code.
    """
    text = value.strip()
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension = match.group(1) or match.group(2)
        text = text[: match.start()]
    if not text or re.search(r"[^\d\s()+\-.]", text):
        raise ValueError(value)
    digits = re.sub(r"\D", "", text)
    if not digits:
        raise ValueError(value)  # «+», «()»: punctuation without a number
    international = text.startswith("+")
    if not international and len(digits) == 10 and digits[0] in "3489":
        digits = "7" + digits  # 912 345-67-89, (4822) 32-10-00
    elif not international and len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]  # 8 912 345-67-89
    russian = len(digits) == 11 and digits[0] == "7"
    foreign = international and digits[0] != "7" and 8 <= len(digits) <= 15
    if not (russian or foreign):
        raise ValueError(value)
    return f"+{digits}" + (f" доб. {extension}" if extension else "")


class PhoneField(CodeField):
    """One or several numbers («…, …» or «…; …»), each normalised; the length is checked afterwards."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return ", ".join(normalize_phone(part) for part in re.split(r"[,;]", value) if part.strip())
        except ValueError:
            raise ValidationError(
                f"Телефон «{value}» не распознан: укажите номер полностью, например +7 912 345-67-89.",
                code="invalid",
            ) from None


# The form -----------------------------------------------------------------------------------


class IncomingMessageForm(forms.Form):
    """One incoming message; `to_incoming()` gives what `feedback.services.intake` takes.

    kind, channel and municipality are given by code or name and resolved through `lookups`
    (pass one `IntakeLookups` to many forms to read the reference tables once).
    """

    external_id = _char("Номер во внешней системе", 200, field=CodeField)
    text = _char(
        "Текст сообщения", required=True, widget=forms.Textarea,
        error_messages={"required": "Не заполнен текст сообщения."},
    )
    received_at = ReceivedAtField(label="Дата поступления")
    kind = _char("Вид сообщения", field=CodeField, help_text="Код или название вида сообщения.")
    channel = _char("Канал поступления", field=CodeField, help_text="Код или название канала.")
    municipality = _char("Муниципальное образование", field=CodeField, help_text="Название («г. Тверь», «Тверь») или код ОКТМО.")
    address = _char("Адрес проблемы", 500)
    latitude = CoordinateField(label="Широта", limit=90)
    longitude = CoordinateField(label="Долгота", limit=180)
    author_name = _char("Автор", 300)
    author_email = _char(
        "Электронная почта автора", 254, field=forms.EmailField,
        error_messages={"invalid": "Электронная почта «%(value)s» указана неверно."},
    )
    author_phone = _char("Телефон автора", 40, field=PhoneField)
    author_address = _char("Почтовый адрес автора", 500)
    author_handle = _char("Профиль автора в соцсети", 300)
    # A link without a scheme («vk.com/wall-1_2») is completed with https: sources are web pages.
    source_url = _char(
        "Ссылка на источник", 1000, field=forms.URLField, assume_scheme="https",
        error_messages={"invalid": "Ссылка на источник указана неверно: ожидается адрес вида https://…"},
    )

    # Free text keeps the message: characters XML forbids are removed and the removal recorded.
    FREE_TEXT = ("text", "address", "author_name", "author_address", "author_handle")

    def __init__(self, *args, lookups: IntakeLookups | None = None, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = lookups or IntakeLookups()
        self.now = now
        self.removed_characters: dict[str, list[str]] = {}

    def full_clean(self):
        self.removed_characters = {}
        if self.is_bound and self.data:
            cleaned_data = None
            for name in self.FREE_TEXT:
                value = self.data.get(name)
                if isinstance(value, str) and XML_FORBIDDEN.search(value):
                    if cleaned_data is None:
                        cleaned_data = dict(self.data.items())
                    cleaned_data[name] = xml_safe(value)
                    self.removed_characters[str(self.fields[name].label)] = xml_forbidden_in(value)
            if cleaned_data is not None:
                self.data = cleaned_data
        super().full_clean()

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        now = self.now or timezone.now()
        if value and value > now + FUTURE_TOLERANCE:
            local = timezone.localtime(value)
            raise ValidationError(f"Дата поступления {local:%d.%m.%Y %H:%M} ещё не наступила.", code="future")
        return value

    def clean_kind(self):
        return self._resolve("kind", self.lookups.kind)

    def clean_channel(self):
        return self._resolve("channel", self.lookups.channel)

    def clean_municipality(self):
        return self._resolve("municipality", self.lookups.municipality)

    def _resolve(self, name: str, lookup):
        value = self.cleaned_data[name]
        return lookup(value) if value else None

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        # Several systems write 0, 0 for "no coordinates"; a point in the Gulf of Guinea is never ours.
        if latitude == 0 and longitude == 0:
            cleaned["latitude"] = cleaned["longitude"] = None
        elif latitude is not None and longitude is None and "longitude" not in self.errors:
            self.add_error("longitude", ValidationError("Указана широта, но не указана долгота.", code="incomplete"))
        elif longitude is not None and latitude is None and "latitude" not in self.errors:
            self.add_error("latitude", ValidationError("Указана долгота, но не указана широта.", code="incomplete"))
        return cleaned

    def error_list(self) -> list[str]:
        """All errors as sentences, in the order of the fields, for reports that show no form."""
        order = [*self.fields, "__all__"]
        return [str(message) for name in order for message in self.errors.get(name, [])]

    def to_incoming(self) -> IncomingMessage:
        if not self.is_valid():
            raise ValueError("Форма сообщения заполнена с ошибками: " + " ".join(self.error_list()))
        data = self.cleaned_data
        municipality = data["municipality"]
        return IncomingMessage(
            text=data["text"],
            received_at=data["received_at"],
            kind=data["kind"],
            external_id=data["external_id"] or None,
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_phone=data["author_phone"],
            author_address=data["author_address"],
            author_handle=data["author_handle"],
            address=data["address"],
            municipality_id=municipality.id if municipality else None,
            latitude=data["latitude"],
            longitude=data["longitude"],
            source_url=data["source_url"],
            removed_characters=dict(self.removed_characters),
        )
