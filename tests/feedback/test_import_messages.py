"""python manage.py import_messages: messages exported by other systems (CSV, XLSX, JSON Lines).

All rows here are invented for the tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback.deadlines import deadlines_for
from feedback.forms.intake import IntakeLookups
from feedback.importers import ColumnMapping, ImportFailed, MappingError, messages_import
from feedback.models import (
    Channel,
    EventKind,
    Message,
    MessageEvent,
    MessageStatus,
)

HEADER = ["Номер", "Текст обращения", "Дата поступления", "Муниципалитет", "Адрес", "ФИО", "Телефон", "E-mail", "Широта", "Долгота"]
ROWS = [
    ["П-101", "Яма на дороге у дома 3 по улице Склизкова", "10.03.2025 09:15", "г. Тверь", "ул. Склизкова, 3", "Смирнов Олег", "8 912 000-11-22", "smirnov@example.ru", "56,85", "35,90"],
    ["П-102", "Не горят фонари во дворе", "10.03.2025 18:40", "Ржев", "ул. Ленина, 7", "", "", "", "", ""],
    ["П-103", "Не вывозят мусор третью неделю", "2025-03-11T08:00:00+03:00", "28701000", "", "Кузнецова Анна", "", "", "", ""],
]


@pytest.fixture
def ref(region):
    return region


def write_csv(path: Path, rows, *, delimiter=",", encoding="utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_messages", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def last_line(out: str) -> str:
    return out.rstrip("\n").splitlines()[-1]


def test_it_imports_a_comma_separated_csv(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])

    out, err = run(path, "--channel", "pos")

    assert last_line(out) == "imported 3, skipped as duplicates 0, rejected 0"
    assert "Загружено 3, пропущено как дубликаты 0, отклонено 0" in out
    first = Message.objects.get(external_id="П-101")
    assert first.channel == ref.pos and first.kind == ref.pos_kind
    assert first.text == "Яма на дороге у дома 3 по улице Склизкова"
    assert first.received_at == datetime(2025, 3, 10, 6, 15, tzinfo=UTC)
    assert first.municipality == ref.tver
    assert first.address == "ул. Склизкова, 3"
    assert (first.author_name, first.author_phone, first.author_email) == ("Смирнов Олег", "+79120001122", "smirnov@example.ru")
    assert (first.latitude, first.longitude) == (56.85, 35.9)
    assert first.status == MessageStatus.NEW
    assert Message.objects.get(external_id="П-102").municipality == ref.rzhev
    assert Message.objects.get(external_id="П-103").municipality == ref.tver


def test_it_sets_deadlines_and_records_the_import_in_the_history(ref, tmp_path):
    run(write_csv(tmp_path / "pos.csv", [HEADER, *ROWS]), "--channel", "pos")

    message = Message.objects.get(external_id="П-102")
    assert message.deadline_at == deadlines_for(ref.pos_kind, message.registered_at).answer
    event = MessageEvent.objects.get(message=message)
    assert event.kind == EventKind.IMPORTED
    assert event.to_status == MessageStatus.NEW
    assert event.data == {"file": "pos.csv", "line": 3}


def test_it_imports_a_semicolon_csv_in_cp1251(ref, tmp_path):
    path = write_csv(tmp_path / "письма.csv", [HEADER, *ROWS], delimiter=";", encoding="cp1251")

    out, _ = run(path, "--channel", "letter")

    assert last_line(out) == "imported 3, skipped as duplicates 0, rejected 0"
    message = Message.objects.get(external_id="П-101")
    assert message.text == "Яма на дороге у дома 3 по улице Склизкова"
    assert message.kind == ref.appeal
    assert message.author_name == "Смирнов Олег"


def test_it_imports_a_tab_separated_csv_with_a_bom(ref, tmp_path):
    path = write_csv(tmp_path / "export.tsv", [HEADER, *ROWS], delimiter="\t", encoding="utf-8-sig")

    out, _ = run(path, "--channel", "pos")

    assert last_line(out) == "imported 3, skipped as duplicates 0, rejected 0"
    assert Message.objects.filter(external_id="П-101", municipality=ref.tver).exists()


def test_it_imports_an_xlsx_workbook(ref, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "Текст", "Дата поступления", "ОКТМО", "Вид", "Широта", "Долгота", "Телефон"])
    sheet.append([5001, "Во дворе школы № 5 разбит асфальт", datetime(2025, 3, 10, 9, 30), 28701000, "appeal", 56.86, 35.91, 79120001122])
    sheet.append([5002, "Нет горячей воды в доме 8", "10.03.2025 11:00", "Ржев", None, None, None, None])
    book.save(tmp_path / "выгрузка.xlsx")

    out, _ = run(tmp_path / "выгрузка.xlsx", "--channel", "pos")

    assert last_line(out) == "imported 2, skipped as duplicates 0, rejected 0"
    first = Message.objects.get(external_id="5001")
    assert first.kind == ref.appeal
    assert first.received_at == datetime(2025, 3, 10, 6, 30, tzinfo=UTC)
    assert first.municipality == ref.tver
    assert (first.latitude, first.author_phone) == (56.86, "+79120001122")
    second = Message.objects.get(external_id="5002")
    assert (second.kind, second.municipality) == (ref.pos_kind, ref.rzhev)


def test_it_reports_xlsx_rows_by_the_sheet_row_number(ref, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Номер", "Текст", "Дата"])
    sheet.append(["1", "Текст есть", "10.03.2025 10:00"])
    sheet.append([])
    sheet.append(["3", None, "10.03.2025 10:00"])
    book.save(tmp_path / "book.xlsx")

    out, err = run(tmp_path / "book.xlsx", "--channel", "pos")

    assert "строка 4: не заполнен текст сообщения" in err
    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 1"


def test_it_imports_json_lines(ref, tmp_path):
    records = [
        {"external_id": "vk-1", "text": "Упало дерево на ул. Радищева", "received_at": "2025-03-10T12:00:00+03:00",
         "municipality": "Тверь", "source_url": "https://vk.com/wall-1_1", "author": {"handle": "id100"}},
        {"external_id": "vk-2", "text": "Затопило подвал", "received_at": "10.03.2025 13:00", "latitude": 56.26, "longitude": 34.33},
    ]
    path = tmp_path / "social.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")

    out, _ = run(path, "--channel", "social", "--map", "author.handle=author_handle")

    assert last_line(out) == "imported 2, skipped as duplicates 0, rejected 0"
    first = Message.objects.get(external_id="vk-1")
    assert (first.kind, first.municipality, first.author_handle) == (ref.incident, ref.tver, "id100")
    assert first.source_url == "https://vk.com/wall-1_1"
    assert first.first_response_due_at is not None
    assert Message.objects.get(external_id="vk-2").latitude == 56.26


def test_it_reports_bad_rows_with_line_numbers_and_keeps_the_good_ones(ref, tmp_path):
    rows = [
        ["Номер", "Текст", "Дата поступления", "Муниципалитет", "Широта", "Долгота", "E-mail"],
        ["1", "Сломан светофор на перекрёстке", "10.03.2025 10:00", "Тверь", "", "", ""],
        ["2", "   ", "10.03.2025 10:00", "Тверь", "", "", ""],
        ["3", "Не убран снег", "32.03.2025", "Тверь", "", "", ""],
        ["4", "Нет автобуса № 21\nс утра", "10.03.2025 11:00", "", "", "", ""],
        ["5", "Шумят соседи", "10.03.2025 12:00", "Атлантида", "", "", ""],
        ["6", "Прорвало трубу", "01.01.2099 10:00", "", "", "", ""],
        ["7", "", "", "", "95", "30", "почта@"],
        ["8", "Открытый люк", "10.03.2025 13:00", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "mixed.csv", rows)

    out, err = run(path, "--channel", "pos")

    lines = err.splitlines()
    assert "строка 3: не заполнен текст сообщения" in lines
    assert any(line.startswith("строка 4: дата поступления «32.03.2025» не распознана") for line in lines)
    assert (
        "строка 6, предупреждение: муниципальное образование «Атлантида» не найдено; укажите название из "
        "справочника или код ОКТМО — сообщение загружено без муниципального образования"
    ) in lines
    assert "строка 7: дата поступления 01.01.2099 10:00 ещё не наступила" in lines
    assert (
        "строка 8: не заполнен текст сообщения; не указана дата поступления; широта «95» должна быть числом "
        "от -90 до 90; электронная почта «почта@» указана неверно"
    ) in lines
    assert last_line(out) == "imported 4, skipped as duplicates 0, rejected 4, with warnings 1"
    assert sorted(Message.objects.values_list("external_id", flat=True)) == ["1", "4", "5", "8"]
    assert Message.objects.get(external_id="4").text == "Нет автобуса № 21\nс утра"


def test_it_counts_a_multiline_record_as_one_row(ref, tmp_path):
    rows = [["Текст", "Дата"], ["Первая строка\nвторая строка\nтретья", "10.03.2025 10:00"], ["", "10.03.2025 10:00"]]

    _, err = run(write_csv(tmp_path / "multi.csv", rows), "--channel", "pos")

    assert "строка 3: не заполнен текст сообщения" in err


def test_it_explains_a_row_broken_by_an_unquoted_delimiter(ref, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("Текст;Дата\nЯма; большая;10.03.2025 10:00\nЛюк открыт;10.03.2025 10:00\n", encoding="utf-8")

    out, err = run(path, "--channel", "pos")

    assert "строка 2: значений больше, чем колонок в заголовке (3 вместо 2)" in err
    assert "разделитель «;» без кавычек" in err
    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 1"


def test_it_reports_a_json_line_that_is_not_json(ref, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"text": "Яма", "received_at": "10.03.2025 10:00"}\n{"text": "обрыв\n\n["list"]\n', encoding="utf-8"
    )

    out, err = run(path, "--channel", "social")

    assert "строка 2: строка не является записью JSON" in err
    assert "строка 4: ожидается объект JSON" in err
    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 2"


def test_it_adds_nothing_when_the_same_file_is_imported_again(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])
    run(path, "--channel", "pos")

    out, _ = run(path, "--channel", "pos")

    assert last_line(out) == "imported 0, skipped as duplicates 3, rejected 0"
    assert "Загружено 0, пропущено как дубликаты 3, отклонено 0" in out
    assert Message.objects.count() == 3
    assert MessageEvent.objects.count() == 3


def test_it_imports_the_same_numbers_into_another_channel(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])
    run(path, "--channel", "pos")

    out, _ = run(path, "--channel", "letter")

    assert last_line(out) == "imported 3, skipped as duplicates 0, rejected 0"


def test_it_counts_duplicates_within_one_file(ref, tmp_path):
    rows = [HEADER, ROWS[0], ROWS[1], ROWS[0], ROWS[0]]

    out, _ = run(write_csv(tmp_path / "dups.csv", rows), "--channel", "pos")

    assert last_line(out) == "imported 2, skipped as duplicates 2, rejected 0"
    assert Message.objects.filter(external_id="П-101").count() == 1


def test_it_counts_duplicates_across_batches(ref, tmp_path):
    rows = [["Номер", "Текст", "Дата"]] + [[str(n % 5), f"Сообщение {n % 5}", "10.03.2025 10:00"] for n in range(12)]

    out, _ = run(write_csv(tmp_path / "batches.csv", rows), "--channel", "pos", "--batch-size", "4")

    assert last_line(out) == "imported 5, skipped as duplicates 7, rejected 0"


def test_it_warns_once_that_rows_without_a_number_will_repeat(ref, tmp_path):
    rows = [["Текст", "Дата"], ["Сломана лавочка", "10.03.2025 10:00"], ["Нет света в подъезде", "10.03.2025 11:00"]]
    path = write_csv(tmp_path / "no-ids.csv", rows)

    out, err = run(path, "--channel", "pos")
    again, _ = run(path, "--channel", "pos")

    assert err.count("без номера во внешней системе") == 1
    assert "Строк без номера во внешней системе: 2" in err
    assert last_line(out) == last_line(again) == "imported 2, skipped as duplicates 0, rejected 0"
    assert Message.objects.count() == 4


def test_it_applies_the_map_option(ref, tmp_path):
    rows = [["Суть", "Когда", "Где", "Код"], ["Разбита остановка", "10.03.2025 10:00", "Ржев", "Z-1"]]
    path = write_csv(tmp_path / "custom.csv", rows)

    out, _ = run(path, "--channel", "pos", "--map", "Суть=text", "--map", "Когда=received_at", "--map", "где=municipality", "--map", "Код=external_id")

    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 0"
    message = Message.objects.get()
    assert (message.text, message.municipality, message.external_id) == ("Разбита остановка", ref.rzhev, "Z-1")


def test_it_lets_the_map_override_and_skip_default_columns(ref, tmp_path):
    rows = [["Текст", "Дата", "Адрес", "Описание"], ["Яма", "10.03.2025 10:00", "170100, Тверь, а/я 5", "ул. Советская, 1"]]
    path = write_csv(tmp_path / "override.csv", rows)

    run(path, "--channel", "pos", "--map", "Адрес=author_address", "--map", "Описание=address")

    message = Message.objects.get()
    assert (message.author_address, message.address) == ("170100, Тверь, а/я 5", "ул. Советская, 1")


def test_it_reads_a_mapping_file(ref, tmp_path):
    rows = [["Содержимое", "Время"], ["Не работает лифт", "10.03.2025 10:00"]]
    path = write_csv(tmp_path / "file.csv", rows)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Содержимое": "text", "Время": "received_at"}, ensure_ascii=False), encoding="utf-8")

    out, _ = run(path, "--channel", "pos", "--mapping", mapping)

    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 0"


def test_it_refuses_an_unknown_target_field_before_reading_the_file(ref, tmp_path):
    with pytest.raises(CommandError, match="Неизвестное поле «txt» в сопоставлении «Текст=txt»") as error:
        run(tmp_path / "does-not-exist.csv", "--channel", "pos", "--map", "Текст=txt")

    assert "text — текст сообщения" in str(error.value)


def test_it_refuses_a_mapped_column_the_file_does_not_have(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])

    with pytest.raises(CommandError, match="В файле нет колонки «Суть»"):
        run(path, "--channel", "pos", "--map", "Суть=text")
    assert Message.objects.count() == 0


def test_it_refuses_a_file_without_a_text_column(ref, tmp_path):
    path = write_csv(tmp_path / "no-text.csv", [["Номер", "Дата"], ["1", "10.03.2025 10:00"]])

    with pytest.raises(CommandError, match="не найдена колонка для поля «текст сообщения» \\(text\\)"):
        run(path, "--channel", "pos")


def test_it_refuses_an_unknown_channel_listing_the_known_ones(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])

    with pytest.raises(CommandError, match="Неизвестный канал «vk»; известные коды каналов: letter, pos, social."):
        run(path, "--channel", "vk")
    assert Message.objects.count() == 0


def test_it_asks_for_a_channel_when_the_file_has_none(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])

    with pytest.raises(CommandError, match=r"Не указан канал поступления: укажите --channel .*\(letter, pos, social\)"):
        run(path)


def test_it_takes_the_channel_from_a_column(ref, tmp_path):
    rows = [
        ["Номер", "Канал", "Текст", "Дата"],
        ["1", "pos", "Яма", "10.03.2025 10:00"],
        ["1", "letter", "Письмо о яме", "10.03.2025 10:00"],
        ["2", "Социальные сети", "Пост о яме", "10.03.2025 10:00"],
        ["3", "телеграф", "Телеграмма", "10.03.2025 10:00"],
        ["4", "", "Без канала", "10.03.2025 10:00"],
    ]

    out, err = run(write_csv(tmp_path / "mixed-channels.csv", rows))

    assert last_line(out) == "imported 3, skipped as duplicates 0, rejected 2"
    assert "строка 5: канал «телеграф» не найден; допустимые коды: letter, pos, social" in err
    assert "строка 6: не указан канал поступления (колонка «Канал»)" in err
    assert Message.objects.get(channel=ref.letter).kind == ref.appeal
    assert Message.objects.get(channel=ref.social).kind == ref.incident


def test_it_prefers_the_channel_option_to_the_column(ref, tmp_path):
    rows = [["Канал", "Текст", "Дата"], ["ВКонтакте", "Яма", "10.03.2025 10:00"]]

    out, err = run(write_csv(tmp_path / "vk.csv", rows), "--channel", "social")

    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 0"
    assert "Колонка «Канал» не учитывается" in err
    assert Message.objects.get().channel == ref.social


def test_it_writes_nothing_on_a_dry_run(ref, tmp_path):
    rows = [HEADER, *ROWS, ROWS[0], ["", "", "", "", "", "", "", "", "", ""], ["П-104", "", "10.03.2025 10:00", "", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "pos.csv", rows)

    out, _ = run(path, "--channel", "pos", "--dry-run")

    assert "Пробный запуск" in out
    assert last_line(out) == "imported 3, skipped as duplicates 1, rejected 1"
    assert Message.objects.count() == 0
    assert MessageEvent.objects.count() == 0


def test_it_counts_what_is_already_there_on_a_dry_run(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])
    run(path, "--channel", "pos")

    out, _ = run(path, "--channel", "pos", "--dry-run")

    assert last_line(out) == "imported 0, skipped as duplicates 3, rejected 0"


def test_it_writes_the_rejected_rows_to_an_errors_file(ref, tmp_path):
    rows = [["Номер", "Текст", "Дата"], ["1", "Яма", "10.03.2025 10:00"], ["2", "", "10.03.2025 10:00"], ["3", "Люк", "вчера"]]
    errors = tmp_path / "errors.csv"

    out, _ = run(write_csv(tmp_path / "in.csv", rows), "--channel", "pos", "--errors-file", errors)

    with open(errors, encoding="utf-8-sig", newline="") as stream:
        written = list(csv.reader(stream, delimiter=";"))
    assert written[0] == ["Строка", "Тип", "Причина", "Номер", "Текст", "Дата"]
    assert written[1] == ["3", "ошибка", "не заполнен текст сообщения", "2", "", "10.03.2025 10:00"]
    assert written[2][:2] == ["4", "ошибка"] and written[2][2].startswith("дата поступления «вчера» не распознана")
    assert str(errors) in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "Не удалось открыть файл"),
        ("empty.csv", b"", "Файл пуст"),
        ("fake.xlsx", b"not a workbook", "не похож на книгу Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "не поддерживается: сохраните файл как .xlsx или CSV"),
        ("data.pdf", b"%PDF", "Не удалось определить формат файла"),
        ("bad.csv", b"\xd0\x98\x98\x98;x\n", "Не удалось определить кодировку"),
    ],
)
def test_it_fails_clearly_on_a_file_it_cannot_read(ref, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(path, "--channel", "pos")


def test_it_exits_with_an_error_code_when_the_file_cannot_be_read(tmp_path):
    command = [sys.executable, "manage.py", "import_messages", str(tmp_path / "missing.csv"), "--no-progress"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cur.settings.test"}

    done = subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True, text=True, env=env, timeout=120)

    assert done.returncode == 1
    assert "Не удалось открыть файл" in done.stderr


def test_it_reports_progress_through_the_service(ref, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [HEADER, *ROWS])
    ticks = []

    result = messages_import(source=path, channel=ref.pos, progress=lambda done, total: ticks.append((done, total)))

    assert ticks == [(1, None), (2, None), (3, None)]
    assert (result.imported, result.duplicates, result.rejected) == (3, 0, 0)


def test_it_imports_from_an_uploaded_file_object(ref):
    data = "Текст;Дата\nСломан забор у школы;10.03.2025 10:00\n".encode("cp1251")
    upload = io.BytesIO(data)
    upload.name = "upload.csv"

    result = messages_import(source=upload, channel=ref.pos)

    assert result.imported == 1
    assert not upload.closed


def test_it_keeps_a_mapping_error_before_touching_the_database(ref, tmp_path):
    with pytest.raises(MappingError, match="ожидается «Колонка=поле»"):
        ColumnMapping.from_options(["Текст text"])


def test_it_matches_headers_whatever_their_case_and_punctuation(ref, tmp_path):
    rows = [["ТЕКСТ ОБРАЩЕНИЯ:", "дата_поступления", "Ф.И.О.", "e_mail"], ["Яма", "10.03.2025 10:00", "Орлов И. И.", "orlov@example.ru"]]

    result = messages_import(source=write_csv(tmp_path / "caps.csv", rows), channel=ref.pos)

    assert result.imported == 1
    assert Message.objects.get().author_email == "orlov@example.ru"
    assert result.mapping == {"ТЕКСТ ОБРАЩЕНИЯ:": "text", "дата_поступления": "received_at", "Ф.И.О.": "author_name", "e_mail": "author_email"}


def test_it_takes_the_better_synonym_when_two_columns_fit_one_field(ref, tmp_path):
    rows = [["Текст", "Дата регистрации", "Дата поступления", "Статус"], ["Яма", "12.03.2025 10:00", "10.03.2025 10:00", "новое"]]

    result = messages_import(source=write_csv(tmp_path / "two-dates.csv", rows), channel=ref.pos)

    assert timezone.localtime(Message.objects.get().received_at).day == 10
    assert any("«Дата регистрации» не загружается" in n for n in result.notices)
    assert any("«Статус»" in n for n in result.notices)


def test_it_rejects_a_json_line_in_another_encoding(ref, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = '{"text": "Яма", "received_at": "10.03.2025 10:00"}\n'
    path.write_bytes(good.encode() + good.encode("cp1251") + good.encode())

    result = messages_import(source=path, channel=ref.pos)

    assert (result.imported, result.rejected) == (2, 1)
    assert str(result.errors[0]) == "строка 2: строка не в кодировке utf-8"


def test_it_stops_on_a_file_broken_half_way_and_keeps_what_came_before(ref, tmp_path):
    # With the encoding forced, a cp1251 line deep in a UTF-8 file cannot be read at all.
    path = tmp_path / "cut.csv"
    good = "".join(f"{n};Яма у дома {n};10.03.2025 10:00\n" for n in range(300))
    path.write_bytes("Номер;Текст;Дата\n".encode() + good.encode() + "999;Люк;10.03.2025 10:00\n".encode("cp1251"))

    with pytest.raises(ImportFailed, match="Файл прочитан не полностью") as error:
        messages_import(source=path, channel=ref.pos, encoding="utf-8")

    assert error.value.result.imported == Message.objects.count() > 0
    assert "не задвоятся" in str(error.value)


def test_it_refuses_two_columns_mapped_to_one_field(ref):
    with pytest.raises(MappingError, match="Поле «text» сопоставлено двум колонкам: «Суть» и «Описание»"):
        ColumnMapping.from_options(["Суть=text", "Описание=text"])


def test_it_says_which_column_a_mapped_field_is_taken_from(ref, tmp_path):
    rows = [["Текст", "Дата", "Суть"], ["Общий текст", "10.03.2025 10:00", "Яма у школы"]]

    result = messages_import(
        source=write_csv(tmp_path / "two-texts.csv", rows), channel=ref.pos, mapping=ColumnMapping({"Суть": "text"})
    )

    assert Message.objects.get().text == "Яма у школы"
    assert "Колонка «Текст» не загружается: поле «текст сообщения» берётся из колонки «Суть»." in result.notices


# A resident's message is kept whenever it can be (issue 16, item 8) ---------------------------


def test_it_keeps_a_message_whose_municipality_phone_or_email_is_bad(ref, tmp_path):
    rows = [
        ["Номер", "Текст", "Дата", "Муниципалитет", "Телефон", "E-mail"],
        ["1", "Яма на дороге", "10.03.2025 10:00", "Атлантида", "8 912 000-11-22", "a@example.ru"],
        ["2", "Нет света", "10.03.2025 11:00", "Тверь", "12-34", "b@example.ru"],
        ["3", "Не вывозят мусор", "10.03.2025 12:00", "Ржев", "", "почта@"],
        ["4", "Сломана скамейка", "10.03.2025 13:00", "Тверь", "", ""],
    ]

    out, err = run(write_csv(tmp_path / "optional.csv", rows), "--channel", "pos")

    assert last_line(out) == "imported 4, skipped as duplicates 0, rejected 0, with warnings 3"
    assert "Загружено 4, пропущено как дубликаты 0, отклонено 0, с предупреждениями 3" in out
    lines = err.splitlines()
    assert (
        "строка 2, предупреждение: муниципальное образование «Атлантида» не найдено; укажите название из "
        "справочника или код ОКТМО — сообщение загружено без муниципального образования"
    ) in lines
    assert (
        "строка 3, предупреждение: телефон «12-34» не распознан: укажите номер полностью, например "
        "+7 912 345-67-89 — сообщение загружено без телефона автора"
    ) in lines
    assert (
        "строка 4, предупреждение: электронная почта «почта@» указана неверно — сообщение загружено без "
        "электронной почты автора"
    ) in lines
    assert not any(line.startswith("строка 5") for line in lines)
    first, second, third = (Message.objects.get(external_id=n) for n in "123")
    assert (first.municipality, first.author_phone, first.author_email) == (None, "+79120001122", "a@example.ru")
    assert (second.municipality, second.author_phone, second.author_email) == (ref.tver, "", "b@example.ru")
    assert (third.municipality, third.author_email) == (ref.rzhev, "")


def test_it_records_what_was_left_out_in_the_history(ref, tmp_path):
    rows = [["Номер", "Текст", "Дата", "Телефон"], ["1", "Яма", "10.03.2025 10:00", "звоните вечером"]]

    run(write_csv(tmp_path / "history.csv", rows), "--channel", "pos")

    event = MessageEvent.objects.get(message__external_id="1")
    assert event.data["line"] == 2
    assert event.data["warnings"] == [
        "телефон «звоните вечером» не распознан: укажите номер полностью, например +7 912 345-67-89 — "
        "сообщение загружено без телефона автора"
    ]


def test_it_leaves_out_both_coordinates_when_one_is_bad(ref, tmp_path):
    rows = [
        ["Номер", "Текст", "Дата", "Широта", "Долгота"],
        ["1", "Упало дерево", "10.03.2025 10:00", "95", "35,9"],
        ["2", "Открыт люк", "10.03.2025 10:00", "56,85", ""],
    ]

    out, err = run(write_csv(tmp_path / "coords.csv", rows), "--channel", "pos")

    assert last_line(out) == "imported 2, skipped as duplicates 0, rejected 0, with warnings 2"
    assert (
        "строка 2, предупреждение: широта «95» должна быть числом от -90 до 90 — сообщение загружено без координат"
        in err.splitlines()
    )
    assert "строка 3, предупреждение: указана широта, но не указана долгота — сообщение загружено без координат" in err
    assert list(Message.objects.order_by("external_id").values_list("latitude", "longitude")) == [(None, None)] * 2


def test_it_gives_an_unknown_kind_the_channel_default_with_a_warning(ref, tmp_path):
    rows = [["Номер", "Текст", "Дата", "Вид"], ["1", "Просьба о помощи", "10.03.2025 10:00", "жалоба"]]

    out, err = run(write_csv(tmp_path / "kind.csv", rows), "--channel", "letter")

    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 0, with warnings 1"
    assert "строка 2, предупреждение: вид сообщения «жалоба» не найден; допустимые коды: appeal, incident, pos" in err
    assert "сообщению дан вид канала по умолчанию «Обращение (59-ФЗ)»; проверьте вид и срок ответа" in err
    assert Message.objects.get().kind == ref.appeal


def test_it_rejects_an_unknown_kind_when_the_channel_has_no_default(ref, tmp_path):
    Channel.objects.create(code="mail", name="Электронная почта")
    rows = [["Текст", "Дата", "Вид"], ["Просьба о помощи", "10.03.2025 10:00", "жалоба"]]

    out, err = run(write_csv(tmp_path / "kind.csv", rows), "--channel", "mail")

    assert last_line(out) == "imported 0, skipped as duplicates 0, rejected 1"
    assert "строка 2: вид сообщения «жалоба» не найден" in err
    assert "а у канала «Электронная почта» нет вида по умолчанию" in err


def test_it_still_rejects_a_row_that_cannot_be_a_message(ref, tmp_path):
    rows = [
        ["Номер", "Текст", "Дата", "Муниципалитет", "Телефон"],
        ["1", "", "10.03.2025 10:00", "Атлантида", "12-34"],
        ["2", "Прорвало трубу", "01.01.2099 10:00", "Тверь", ""],
        ["3", "Нет воды", "", "Тверь", ""],
        ["Н" * 201, "Нет газа", "10.03.2025 10:00", "", ""],
        ["5", "Яма", "10.03.2025 10:00", "Атлантида", ""],
    ]

    out, err = run(write_csv(tmp_path / "impossible.csv", rows), "--channel", "pos")

    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 4, with warnings 1"
    lines = err.splitlines()
    assert any(line.startswith("строка 2: не заполнен текст сообщения; муниципальное образование «Атлантида»") for line in lines)
    assert "строка 3: дата поступления 01.01.2099 10:00 ещё не наступила" in lines
    assert "строка 4: не указана дата поступления" in lines
    assert "строка 5: номер во внешней системе длиннее 200 символов (сейчас 201)" in lines
    assert list(Message.objects.values_list("external_id", flat=True)) == ["5"]


def test_it_rejects_an_unknown_channel_named_in_the_file_whatever_else_is_bad(ref, tmp_path):
    rows = [["Канал", "Текст", "Дата", "Телефон"], ["телеграф", "Телеграмма", "10.03.2025 10:00", "12-34"]]

    out, err = run(write_csv(tmp_path / "channel.csv", rows))

    assert last_line(out) == "imported 0, skipped as duplicates 0, rejected 1"
    assert "строка 2: канал «телеграф» не найден" in err


def test_it_counts_no_warning_for_a_row_skipped_as_a_duplicate(ref, tmp_path):
    rows = [["Номер", "Текст", "Дата", "Муниципалитет"], ["1", "Яма", "10.03.2025 10:00", "Атлантида"]]
    path = write_csv(tmp_path / "again.csv", rows)
    run(path, "--channel", "pos")

    out, err = run(path, "--channel", "pos")

    assert last_line(out) == "imported 0, skipped as duplicates 1, rejected 0"
    assert "предупреждение" not in err


@pytest.mark.parametrize("dry_run", [False, True])
def test_it_reports_a_number_given_twice_with_different_texts_as_a_conflict(ref, tmp_path, dry_run):
    rows = [
        ["Номер", "Текст", "Дата"],
        ["П-7", "Яма у дома 3", "10.03.2025 10:00"],
        ["П-8", "Нет света", "10.03.2025 10:00"],
        ["П-7", "Сломан светофор", "10.03.2025 11:00"],
        ["П-8", "Нет  света", "10.03.2025 10:00"],
    ]
    options = ["--dry-run"] if dry_run else []

    out, err = run(write_csv(tmp_path / "conflict.csv", rows), "--channel", "pos", "--batch-size", "1", *options)

    assert last_line(out) == "imported 2, skipped as duplicates 1, rejected 1"
    assert "отклонено 1 (из них конфликтов номеров 1)" in out
    assert (
        "строка 4: номер «П-7» уже встречался в строке 2, но текст сообщения другой; строка 4 не загружена — "
        "проверьте, какой из двух текстов верный"
    ) in err.splitlines()
    if not dry_run:
        assert Message.objects.get(external_id="П-7").text == "Яма у дома 3"


def test_it_sees_no_conflict_between_channels_named_in_the_file(ref, tmp_path):
    rows = [["Номер", "Канал", "Текст", "Дата"], ["1", "pos", "Яма", "10.03.2025 10:00"], ["1", "letter", "Письмо", "10.03.2025 10:00"]]

    out, _ = run(write_csv(tmp_path / "two-channels.csv", rows))

    assert last_line(out) == "imported 2, skipped as duplicates 0, rejected 0"


def test_it_finds_a_channel_by_the_words_of_its_name(ref, tmp_path):
    phone = Channel.objects.create(code="phone", name="Телефон / горячая линия", default_kind=ref.pos_kind)
    rows = [["Номер", "Канал", "Текст", "Дата"], ["1", "Горячая  линия", "Нет воды", "10.03.2025 10:00"]]
    path = write_csv(tmp_path / "calls.csv", rows)

    by_option, _ = run(path, "--channel", "Телефон")
    by_column, _ = run(path)

    assert last_line(by_option) == "imported 1, skipped as duplicates 0, rejected 0"
    assert last_line(by_column) == "imported 0, skipped as duplicates 1, rejected 0"
    assert Message.objects.get().channel == phone


def test_it_refuses_a_channel_word_that_fits_two_channels(ref, tmp_path):
    Channel.objects.create(code="phone", name="Телефон / горячая линия", default_kind=ref.pos_kind)
    Channel.objects.create(code="governor", name="Горячая линия губернатора", default_kind=ref.appeal)
    rows = [["Канал", "Текст", "Дата"], ["линия", "Нет воды", "10.03.2025 10:00"], ["горячая линия губернатора", "Нет газа", "10.03.2025 10:00"]]
    path = write_csv(tmp_path / "calls.csv", rows)
    both = "подходят каналы «Горячая линия губернатора» (governor) и «Телефон / горячая линия» (phone); укажите код канала."

    with pytest.raises(CommandError) as error:
        run(path, "--channel", "горячая линия")
    out, err = run(path)

    assert str(error.value) == f"Канал «горячая линия» неоднозначен: {both}"
    assert f"строка 2: канал «линия» неоднозначен: {both[:-1]}" in err.splitlines()
    assert last_line(out) == "imported 1, skipped as duplicates 0, rejected 1"
    assert Message.objects.get().channel.code == "governor"


def test_it_leaves_the_api_channel_lookup_strict(ref):
    Channel.objects.create(code="phone", name="Телефон / горячая линия")

    with pytest.raises(ValidationError, match="Канал «Телефон» не найден"):
        IntakeLookups().channel("Телефон")


def test_it_writes_formulas_as_text_and_lists_warnings_in_the_errors_file(ref, tmp_path):
    rows = [
        ["Номер", "Текст", "Дата", "Телефон", "=Примечание"],
        ["1", "=HYPERLINK(\"http://x\")", "", "", ""],
        ["2", "Яма", "10.03.2025 10:00", " \t@SUM(1)", "+7 кто-то"],
        ["3", "Люк", "10.03.2025 10:00", "", ""],
    ]
    errors = tmp_path / "errors.csv"

    out, _ = run(write_csv(tmp_path / "in.csv", rows), "--channel", "pos", "--errors-file", errors)

    assert last_line(out) == "imported 2, skipped as duplicates 0, rejected 1, with warnings 1"
    with open(errors, encoding="utf-8-sig", newline="") as stream:
        written = list(csv.reader(stream, delimiter=";"))
    assert written[0] == ["Строка", "Тип", "Причина", "Номер", "Текст", "Дата", "Телефон", "'=Примечание"]
    assert written[1] == ["2", "ошибка", "не указана дата поступления", "1", "'=HYPERLINK(\"http://x\")", "", "", ""]
    assert written[2][:3] == [
        "3", "предупреждение",
        "телефон «@SUM(1)» не распознан: укажите номер полностью, например +7 912 345-67-89 — "
        "сообщение загружено без телефона автора",
    ]
    assert written[2][6:] == ["' \t@SUM(1)", "'+7 кто-то"]
    assert len(written) == 3


def test_it_keeps_a_message_with_bad_optional_values_from_an_xlsx_workbook(ref, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "Текст", "Дата поступления", "ОКТМО", "E-mail", "Широта", "Долгота"])
    sheet.append([7001, "Не чистят двор", datetime(2025, 3, 10, 9, 30), 28999000, "нет", -95.5, 35.9])
    sheet.append([7002, "Нет отопления", datetime(2025, 3, 10, 10, 0), 28745000, "c@example.ru", None, None])
    book.save(tmp_path / "book.xlsx")
    errors = tmp_path / "errors.csv"

    out, err = run(tmp_path / "book.xlsx", "--channel", "pos", "--errors-file", errors)

    assert last_line(out) == "imported 2, skipped as duplicates 0, rejected 0, with warnings 1"
    assert (
        "строка 2, предупреждение: муниципальное образование с кодом ОКТМО 28999000 не найдено — сообщение "
        "загружено без муниципального образования; широта «-95.5» должна быть числом от -90 до 90 — сообщение "
        "загружено без координат; электронная почта «нет» указана неверно — сообщение загружено без "
        "электронной почты автора"
    ) in err.splitlines()
    message = Message.objects.get(external_id="7001")
    assert (message.municipality, message.author_email, message.latitude, message.longitude) == (None, "", None, None)
    assert Message.objects.get(external_id="7002").municipality == ref.rzhev
    with open(errors, encoding="utf-8-sig", newline="") as stream:
        written = list(csv.reader(stream, delimiter=";"))
    assert written[1][:2] == ["2", "предупреждение"]
    assert written[1][3:] == ["7001", "Не чистят двор", "10.03.2025 09:30", "28999000", "нет", "-95.5", "35.9"]
