"""Which column of an exported file goes into which field of a message.

Exports name their columns in Russian or English and never quite the same way twice, so known
synonyms are matched after normalising case, «ё», punctuation and spacing («Текст обращения:»,
«ТЕКСТ ОБРАЩЕНИЯ», «text» all work). The user can add or override pairs («Колонка=field», or a
JSON file of such pairs); an empty field («Колонка=») leaves a column out. Everything about the
mapping is checked against the header before any row is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Target fields: what IncomingMessageForm takes, with a Russian description for messages and help.
FIELDS: dict[str, str] = {
    "external_id": "номер во внешней системе",
    "text": "текст сообщения",
    "received_at": "дата поступления",
    "kind": "вид сообщения (код или название)",
    "channel": "канал поступления (код или название)",
    "municipality": "муниципальное образование (название или код ОКТМО)",
    "address": "адрес проблемы",
    "latitude": "широта",
    "longitude": "долгота",
    "author_name": "ФИО автора",
    "author_email": "электронная почта автора",
    "author_phone": "телефон автора",
    "author_address": "почтовый адрес автора",
    "author_handle": "профиль автора в соцсети",
    "source_url": "ссылка на источник",
}
# Without these a row can never become a message, so their absence stops the import at once.
REQUIRED = ("text", "received_at")

# Best synonym first: when a file has both «Дата поступления» and «Дата регистрации», the former wins.
DEFAULT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id", "Номер", "Номер обращения", "Номер сообщения", "Номер во внешней системе",
        "Регистрационный номер", "Рег. номер", "Идентификатор", "id", "uid", "uuid", "message_id", "number",
    ),
    "text": (
        "Текст", "Текст обращения", "Текст сообщения", "Содержание", "Содержание обращения",
        "Суть обращения", "Сообщение", "Обращение", "Описание", "Описание проблемы",
        "text", "message", "body", "content", "description",
    ),
    "received_at": (
        "Дата поступления", "Дата и время поступления", "Поступило", "Дата обращения", "Дата сообщения",
        "Дата создания", "Дата", "Дата регистрации", "received_at", "received", "created_at", "created",
        "date", "datetime", "timestamp",
    ),
    "kind": ("Вид", "Вид сообщения", "Вид обращения", "Тип сообщения", "Тип обращения", "kind", "type"),
    "channel": ("Канал", "Канал поступления", "channel"),
    "municipality": (
        "Муниципалитет", "Муниципальное образование", "МО", "Муниципальный район", "Муниципальный округ",
        "Городской округ", "Район", "ОКТМО", "Код ОКТМО", "municipality", "oktmo",
    ),
    "address": ("Адрес", "Адрес проблемы", "Адрес места проблемы", "Место проблемы", "address"),
    "latitude": ("Широта", "lat", "latitude"),
    "longitude": ("Долгота", "lon", "lng", "long", "longitude"),
    "author_name": (
        "ФИО", "ФИО автора", "ФИО заявителя", "Автор", "Заявитель", "author_name", "author", "full_name", "name",
    ),
    "author_email": (
        "E-mail", "Email", "Эл. почта", "Электронная почта", "Адрес электронной почты", "author_email", "mail",
    ),
    "author_phone": ("Телефон", "Тел.", "Номер телефона", "Контактный телефон", "author_phone", "phone", "tel"),
    "author_address": ("Почтовый адрес", "Адрес заявителя", "Адрес автора", "author_address"),
    "author_handle": ("Профиль", "Профиль в соцсети", "Аккаунт", "Ник", "author_handle", "handle", "username"),
    "source_url": ("Ссылка", "Ссылка на источник", "Ссылка на сообщение", "URL", "source_url", "link"),
}


class MappingError(ValueError):
    """The mapping cannot work with this file; the message is Russian and says how to fix it."""


def normalize_header(name: Any) -> str:
    """A key to compare headers by: «Текст обращения:», «ТЕКСТ ОБРАЩЕНИЯ», «текст_обращения» are one.

    Only letters and digits count («E-mail», «e_mail», «email»; «Ф.И.О.», «ФИО»), and «№» is «номер».
    """
    text = str(name).casefold().replace("ё", "е").replace("№", "номер")
    return re.sub(r"[\W_]", "", text)


def _synonym_index() -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for target, synonyms in DEFAULT_SYNONYMS.items():
        for rank, synonym in enumerate(synonyms):
            index.setdefault(normalize_header(synonym), (target, rank))
    return index


_SYNONYMS = _synonym_index()


def _fields_help() -> str:
    return "; ".join(f"{name} — {description}" for name, description in FIELDS.items())


class ColumnMapping:
    """The user's pairs «column → field» on top of the default synonyms."""

    def __init__(self, pairs: dict[str, str] | None = None):
        self.user: dict[str, str] = {}  # normalised column → field ("" — leave the column out)
        self.names: dict[str, str] = {}  # normalised column → as the user wrote it
        for column, target in (pairs or {}).items():
            self.add(column, target)

    def add(self, column: str, target: str) -> None:
        column, target = str(column).strip(), str(target).strip()
        if not column:
            raise MappingError(f"В сопоставлении «={target}» не указана колонка.")
        if target not in FIELDS and target not in ("", "-"):
            raise MappingError(
                f"Неизвестное поле «{target}» в сопоставлении «{column}={target}». "
                f"Допустимые поля: {_fields_help()}. Пустое поле («{column}=») — не загружать колонку."
            )
        key = normalize_header(column)
        target = "" if target == "-" else target
        if key in self.user and self.user[key] != target:
            raise MappingError(f"Колонка «{column}» сопоставлена дважды: полям «{self.user[key]}» и «{target}».")
        taken = next((k for k, t in self.user.items() if target and t == target and k != key), None)
        if taken is not None:
            raise MappingError(f"Поле «{target}» сопоставлено двум колонкам: «{self.names[taken]}» и «{column}».")
        self.user[key] = target
        self.names[key] = column

    @classmethod
    def from_options(cls, pairs: Iterable[str] = (), file: str | Path | None = None) -> ColumnMapping:
        """From `--mapping file.json` (an object {"Колонка": "поле"}) and then `--map "Колонка=поле"`."""
        mapping = cls(_read_mapping_file(file) if file else None)
        for pair in pairs:
            if "=" not in pair:
                raise MappingError(f"Сопоставление «{pair}» записано неверно: ожидается «Колонка=поле», например «Текст обращения=text».")
            column, target = pair.rsplit("=", 1)
            mapping.add(column, target)
        return mapping

    def bind(self, columns: list[str], *, complete: bool = True) -> BoundMapping:
        """Match the file's header. `complete` is False when the header is only a sample (JSON Lines)."""
        by_key = {normalize_header(c): c for c in columns}
        if complete:
            missing = [key for key in self.user if key not in by_key]
            if missing:
                shown = ", ".join(f"«{c}»" for c in columns)
                raise MappingError(
                    f"В файле нет колонки «{self.names[missing[0]]}», указанной в сопоставлении; в файле есть: {shown}."
                )
        bound = BoundMapping(self)
        for column in columns:
            bound.field_of(column)
        bound.open = False
        bound.check_required()
        return bound


def _read_mapping_file(path: str | Path) -> dict[str, str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MappingError(f"Не удалось прочитать файл сопоставления «{path}»: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise MappingError(f"Файл сопоставления «{path}» не является JSON: {exc}.") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise MappingError(
            f"Файл сопоставления «{path}» должен содержать объект JSON вида "
            '{"Колонка в файле": "поле", …}, например {"Текст обращения": "text"}.'
        )
    return data


class BoundMapping:
    """A mapping applied to one file: each column goes to one field, each field takes one column.

    Columns are matched as they are first seen, so JSON Lines records with keys the first record
    did not have still map by the same rules.
    """

    def __init__(self, mapping: ColumnMapping):
        self.mapping = mapping
        self.fields: dict[str, str | None] = {}  # column → field, None: not loaded
        self.column_of: dict[str, str] = {}  # field → column
        self.shadowed: list[tuple[str, str]] = []  # (column, field) left out: the field took another
        self.open = True  # still matching the header

    def field_of(self, column: str) -> str | None:
        if column in self.fields:
            return self.fields[column]
        key = normalize_header(column)
        target = self.mapping.user.get(key)
        if target is None and key not in self.mapping.user:
            target = self._default(column, key)
        elif target and target in self.column_of:
            raise MappingError(
                f"Поле «{target}» сопоставлено двум колонкам: «{self.column_of[target]}» и «{column}»."
            )
        self.fields[column] = target or None
        if target:
            self.column_of[target] = column
        return target or None

    def _default(self, column: str, key: str) -> str | None:
        found = _SYNONYMS.get(key)
        if found is None:
            return None
        target, rank = found
        if target in self.mapping.user.values():
            self.shadowed.append((column, target))  # the user chose another column for this field
            return None
        holder = self.column_of.get(target)
        if holder is None:
            return target
        # Two columns are synonyms of one field: the better synonym wins, whichever comes first —
        # but only while the header is matched; once rows are read, a field never changes column.
        if self.open and rank < _SYNONYMS[normalize_header(holder)][1]:
            self.fields[holder] = None
            self.shadowed.append((holder, target))
            del self.column_of[target]
            return target
        self.shadowed.append((column, target))
        return None

    def check_required(self) -> None:
        for target in REQUIRED:
            if target not in self.column_of:
                examples = ", ".join(f"«{s}»" for s in DEFAULT_SYNONYMS[target][:4])
                raise MappingError(
                    f"В файле не найдена колонка для поля «{FIELDS[target]}» ({target}): ожидается, например, "
                    f"{examples}. Укажите её явно: --map \"Название колонки={target}\"."
                )

    @property
    def unused(self) -> list[str]:
        """Columns of the file that are not loaded and are no synonym of anything (for a notice)."""
        shadowed = {c for c, _ in self.shadowed}
        return [c for c, f in self.fields.items() if f is None and c not in shadowed and normalize_header(c) not in self.mapping.user]

    def extract(self, values: dict[str, Any]) -> dict[str, Any]:
        """A row's values under field names, ready for IncomingMessageForm."""
        data = {}
        for column, value in values.items():
            target = self.fields[column] if column in self.fields else self._field_of_new(column)
            if target:
                data[target] = value
        return data

    def _field_of_new(self, column: str) -> str | None:
        # A key first seen in a later JSON record never takes a field an earlier column already has.
        try:
            return self.field_of(column)
        except MappingError:
            self.fields[column] = None
            return None
