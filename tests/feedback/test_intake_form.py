"""feedback.forms.intake.IncomingMessageForm: one incoming message, whatever format it came in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django import forms
from django.utils import timezone

from feedback.forms.intake import IncomingMessageForm, IntakeLookups, municipality_core_name, normalize_phone
from feedback.models import Message
from feedback.services.intake import IncomingMessage
from sectors.models import Municipality, MunicipalityKind

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)  # 13:00 in Moscow


@pytest.fixture
def ref(region):
    """The shared small region, plus a district whose name has a «round» suffix to strip."""
    region.konakovo = Municipality.objects.create(
        name="Конаковский муниципальный округ", oktmo="28630000", kind=MunicipalityKind.MUNICIPAL_DISTRICT
    )
    return region


def make_form(**data) -> IncomingMessageForm:
    base = {"text": "На остановке «Вокзал» сломана скамейка", "received_at": "11.03.2025 09:15"}
    return IncomingMessageForm({**base, **data}, now=NOW)


def errors_of(form: IncomingMessageForm) -> list[str]:
    assert not form.is_valid()
    return form.error_list()


def test_it_builds_an_incoming_message(ref):
    form = make_form(
        external_id="  ПОС-2025-0001 ", kind="appeal", municipality="г. Тверь", address="ул. Вокзальная, 1",
        latitude="56,8329", longitude="35,8784", author_name="Петров Пётр", author_email="petrov@example.ru",
        author_phone="8 (912) 345-67-89", author_address="170100, Тверь, ул. Советская, 5",
        author_handle="id123", source_url="vk.com/wall-1_2",
    )

    item = form.to_incoming()

    assert isinstance(item, IncomingMessage)
    assert item.text == "На остановке «Вокзал» сломана скамейка"
    assert item.external_id == "ПОС-2025-0001"
    assert item.kind == ref.appeal
    assert item.municipality_id == ref.tver.id
    assert (item.latitude, item.longitude) == (56.8329, 35.8784)
    assert item.author_phone == "+79123456789"
    assert item.author_email == "petrov@example.ru"
    assert item.source_url == "https://vk.com/wall-1_2"
    assert item.received_at == datetime(2025, 3, 11, 6, 15, tzinfo=UTC)


def test_it_leaves_optional_fields_empty(ref):
    item = make_form().to_incoming()

    assert item.kind is None and item.municipality_id is None and item.external_id is None
    assert (item.latitude, item.longitude) == (None, None)
    assert item.author_phone == item.author_email == item.source_url == ""


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_it_requires_the_text(ref, text):
    assert errors_of(make_form(text=text)) == ["Не заполнен текст сообщения."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11.03.2025 09:15", datetime(2025, 3, 11, 6, 15, tzinfo=UTC)),
        ("11.03.2025 09:15:30", datetime(2025, 3, 11, 6, 15, 30, tzinfo=UTC)),
        ("11.03.2025", datetime(2025, 3, 10, 21, 0, tzinfo=UTC)),
        ("2025-03-11T09:15", datetime(2025, 3, 11, 6, 15, tzinfo=UTC)),
        ("2025-03-11 09:15:00", datetime(2025, 3, 11, 6, 15, tzinfo=UTC)),
        ("2025-03-11T09:15:00+05:00", datetime(2025, 3, 11, 4, 15, tzinfo=UTC)),
        ("2025-03-11T06:15:00Z", datetime(2025, 3, 11, 6, 15, tzinfo=UTC)),
        (datetime(2025, 3, 11, 9, 15), datetime(2025, 3, 11, 6, 15, tzinfo=UTC)),
        (date(2025, 3, 11), datetime(2025, 3, 10, 21, 0, tzinfo=UTC)),
    ],
)
def test_it_reads_the_received_time_in_the_region_time_zone(ref, value, expected):
    assert make_form(received_at=value).to_incoming().received_at == expected


@pytest.mark.parametrize("value", ["31.02.2025 10:00", "вчера", "11/03/2025", "25.13.2025"])
def test_it_rejects_an_unreadable_date(ref, value):
    [error] = errors_of(make_form(received_at=value))

    assert error.startswith(f"Дата поступления «{value}» не распознана")
    assert "ДД.ММ.ГГГГ ЧЧ:ММ" in error


def test_it_requires_the_received_time(ref):
    assert errors_of(make_form(received_at="")) == ["Не указана дата поступления."]


def test_it_rejects_a_received_time_in_the_future(ref):
    assert errors_of(make_form(received_at="12.03.2025 14:00")) == ["Дата поступления 12.03.2025 14:00 ещё не наступила."]


def test_it_tolerates_a_clock_a_few_minutes_ahead(ref):
    assert make_form(received_at="12.03.2025 13:03").is_valid()


def test_it_resolves_the_kind_by_code_or_name(ref):
    assert make_form(kind="POS").to_incoming().kind == ref.pos_kind
    assert make_form(kind="обращение (59-фз)").to_incoming().kind == ref.appeal


def test_it_lists_the_kind_codes_for_an_unknown_kind(ref):
    assert errors_of(make_form(kind="жалоба")) == ["Вид сообщения «жалоба» не найден; допустимые коды: appeal, incident, pos."]


@pytest.mark.parametrize("value", ["Тверь", "ТВЕРЬ", "г. Тверь", "г.Тверь", "город Тверь", "Тверь г.", "городской округ город Тверь", "28701000", 28701000])
def test_it_resolves_the_municipality_by_name_or_oktmo(ref, value):
    assert make_form(municipality=value).to_incoming().municipality_id == ref.tver.id


@pytest.mark.parametrize("value", ["Конаковский район", "Конаковский МО", "конаковский муниципальный округ"])
def test_it_resolves_a_district_named_with_another_kind_word(ref, value):
    assert make_form(municipality=value).to_incoming().municipality_id == ref.konakovo.id


def test_it_reports_an_unknown_municipality(ref):
    assert errors_of(make_form(municipality="Бологое")) == [
        "Муниципальное образование «Бологое» не найдено; укажите название из справочника или код ОКТМО."
    ]
    assert errors_of(make_form(municipality="28999000")) == ["Муниципальное образование с кодом ОКТМО 28999000 не найдено."]


def test_it_asks_for_oktmo_when_a_name_is_ambiguous(ref):
    Municipality.objects.create(name="Озёрное", oktmo="28620151", kind=MunicipalityKind.URBAN_SETTLEMENT)
    Municipality.objects.create(name="Озерное", oktmo="28620452", kind=MunicipalityKind.RURAL_SETTLEMENT)

    [error] = errors_of(make_form(municipality="озерное"))

    assert "неоднозначно" in error and "28620151" in error and "укажите код ОКТМО" in error


def test_it_prefers_the_upper_level_municipality_of_the_same_name(ref):
    Municipality.objects.create(name="город Тверь", oktmo="28701000001", kind=MunicipalityKind.URBAN_SETTLEMENT)

    assert make_form(municipality="г. Тверь").to_incoming().municipality_id == ref.tver.id


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"latitude": "91", "longitude": "35"}, "Широта «91» должна быть числом от -90 до 90."),
        ({"latitude": "56", "longitude": "-181"}, "Долгота «-181» должна быть числом от -180 до 180."),
        ({"latitude": "север", "longitude": "35"}, "Широта «север» должна быть числом от -90 до 90."),
        ({"latitude": "56.8"}, "Указана широта, но не указана долгота."),
        ({"longitude": "35.9"}, "Указана долгота, но не указана широта."),
    ],
)
def test_it_checks_the_coordinates(ref, data, error):
    assert errors_of(make_form(**data)) == [error]


def test_it_takes_zero_coordinates_for_none(ref):
    item = make_form(latitude="0", longitude="0").to_incoming()

    assert (item.latitude, item.longitude) == (None, None)


def test_it_validates_the_email_and_the_link(ref):
    assert errors_of(make_form(author_email="petrov@")) == ["Электронная почта «petrov@» указана неверно."]
    assert errors_of(make_form(source_url="http://")) == ["Ссылка на источник указана неверно: ожидается адрес вида https://…"]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("+7 (912) 345-67-89", "+79123456789"),
        ("8 912 345 67 89", "+79123456789"),
        ("9123456789", "+79123456789"),
        ("7-912-345-67-89", "+79123456789"),
        ("8 (4822) 32-10-00 доб. 123", "+74822321000 доб. 123"),
        ("+375 29 123-45-67", "+375291234567"),
        ("89123456789; 8 (4822) 32-10-00", "+79123456789, +74822321000"),
    ],
)
def test_it_normalises_phones(ref, raw, normal):
    assert make_form(author_phone=raw).to_incoming().author_phone == normal


@pytest.mark.parametrize("raw", ["32-10-00", "звонить вечером", "+7 912 345", "123"])
def test_it_rejects_a_phone_it_cannot_read(ref, raw):
    assert errors_of(make_form(author_phone=raw)) == [
        f"Телефон «{raw}» не распознан: укажите номер полностью, например +7 912 345-67-89."
    ]


def test_it_enforces_the_model_lengths(ref):
    errors = errors_of(make_form(address="д" * 501, external_id="1" * 201))

    assert errors == [
        "Номер во внешней системе длиннее 200 символов (сейчас 201).",
        "Адрес проблемы длиннее 500 символов (сейчас 501).",
    ]


def test_it_has_the_lengths_of_the_message_model(ref):
    for name, field in IncomingMessageForm.base_fields.items():
        if isinstance(field, forms.CharField) and field.max_length:
            assert field.max_length == Message._meta.get_field(name).max_length, name


def test_it_takes_numbers_as_a_spreadsheet_gives_them(ref):
    item = make_form(external_id=20250001.0, author_phone=79123456789, municipality=28701000.0, latitude=56.83, longitude=35.87).to_incoming()

    assert item.external_id == "20250001"
    assert item.author_phone == "+79123456789"
    assert item.municipality_id == ref.tver.id
    assert item.latitude == 56.83


def test_it_reports_every_bad_field_at_once(ref):
    errors = errors_of(make_form(text="", received_at="завтра", author_email="нет"))

    assert errors[0] == "Не заполнен текст сообщения."
    assert errors[1].startswith("Дата поступления «завтра»")
    assert errors[2] == "Электронная почта «нет» указана неверно."


def test_it_resolves_the_channel_when_asked(ref):
    form = make_form(channel="POS")

    assert form.is_valid()
    assert form.cleaned_data["channel"] == ref.pos
    assert errors_of(make_form(channel="vk")) == ["Канал «vk» не найден; допустимые коды: letter, pos, social."]


def test_it_reads_each_reference_table_once_for_many_forms(ref, django_assert_num_queries):
    lookups = IntakeLookups()

    with django_assert_num_queries(2):
        for n in range(50):
            form = IncomingMessageForm(
                {"text": f"Сообщение {n}", "received_at": "11.03.2025 09:15", "kind": "pos", "municipality": "Тверь"},
                lookups=lookups, now=NOW,
            )
            assert form.is_valid()


def test_it_refuses_to_build_from_an_invalid_form(ref):
    with pytest.raises(ValueError, match="Не заполнен текст сообщения"):
        make_form(text="").to_incoming()


def test_it_is_a_plain_form_for_the_web(ref):
    html = make_form().as_div()

    assert "Текст сообщения" in html and "Дата поступления" in html


@pytest.mark.parametrize(
    ("name", "core"),
    [("г. Тверь", "тверь"), ("Городской округ город Тверь", "тверь"), ("Вышний Волочёк", "вышний волочек"), ("Ржевский р-н", "ржевский")],
)
def test_it_drops_kind_words_from_municipality_names(name, core):
    assert municipality_core_name(name) == core


def test_it_rejects_phone_garbage_outside_the_form():
    with pytest.raises(ValueError):
        normalize_phone("+7")


def test_it_checks_the_future_against_the_real_clock_by_default(ref):
    later = timezone.localtime() + timedelta(hours=1)
    form = IncomingMessageForm({"text": "Текст", "received_at": f"{later:%d.%m.%Y %H:%M}"})

    assert not form.is_valid() and "ещё не наступила" in form.error_list()[0]
