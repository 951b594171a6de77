"""Masking a resident's personal data in free text shown to the public (152-ФЗ).

What is masked, each replaced by a visible placeholder:
- e-mail addresses → «[e-mail]»;
- phone numbers → «[телефон]»: Russian numbers with +7, 7 or 8 and ten digits however grouped
  (spaces, brackets, dashes), mobile numbers without the prefix (9XX…), and any number of five or
  more digits right after «тел.», «телефон», «моб.», «сот.»;
- flat numbers → «кв. [№]» («кв. 12», «кв12», «кв. № 12»; «квартира 12» → «квартира [№]»);
- person names → «[ФИО]»: «Иванов И.И.», «И. И. Иванов» and runs of capitalised words that
  pymorphy3 takes for a surname, first name or patronymic (tags Surn, Name, Patr): a word whose most
  probable parse is one, and next to it a word for which any parse is one («Белых Иван»).

A street, town or school named after a person («ул. Пушкина», «школа имени А. С. Пушкина») is not
masked when the word before it says so; a street written without such a word («на Ленина, 5») is,
as we prefer hiding a street to showing a resident's name. The masker errs on the side of hiding.
"""

from __future__ import annotations

import re
from functools import lru_cache

# One pymorphy3 analyzer per process, shared with the classifier (it loads its dictionaries once).
from feedback.classifier.text import morph_analyzer

NAME = "[ФИО]"
PHONE = "[телефон]"
EMAIL = "[e-mail]"
NUMBER = "[№]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# +7 / 7 / 8 and ten more digits, any spaces, brackets or dashes between them.
_PHONE_FULL = re.compile(r"(?<![\w+])(?:\+\s?7|7|8)[\s\-–()]*(?:\d[\s\-–()]*){9}\d(?!\d)")
# A mobile number without the prefix: 912 345-67-89, (912) 345 67 89, 9123456789.
_PHONE_MOBILE = re.compile(r"(?<![\w+])\(?9\d{2}\)?[\s\-–]*\d{3}[\s\-–]*\d{2}[\s\-–]*\d{2}(?!\d)")
# Any number after a word that says it is a phone: «тел. 34-56-78».
_PHONE_NAMED = re.compile(
    r"(?<![а-яё])(?:тел(?:ефон[а-яё]*)?|моб(?:ильн[а-яё]*)?|сот(?:ов[а-яё]*)?)\.?\s*:?\s*(\+?\d(?:[\s\-–()]*\d){4,14})(?!\d)",
    re.IGNORECASE,
)
# «кв. 12», «кв12», «кв.№ 12а», «квартира 12», «в квартире 45»; not a quarter («2 кв. 2025 г.»).
_FLAT = re.compile(
    r"(?<![а-яё])(?P<word>кв\.?|квартир[а-яё]*)\s*(?:№\s*)?(?!\d{4}\s*г)(?P<number>\d+(?:[а-яё](?![а-яё]))?)(?![\d/])",
    re.IGNORECASE,
)

_UPPER = "А-ЯЁ"
_WORD = rf"[{_UPPER}][а-яё]+(?:-[{_UPPER}][а-яё]+)?"
_INITIAL = rf"[{_UPPER}]\.\s?"
# «Иванов И.И.», «Иванов И. И.», «Иванов И.»; «И.И. Иванов», «И. Иванов».
_SURNAME_INITIALS = re.compile(rf"(?<![\w.])(?P<surname>{_WORD})\s+(?P<initials>{_INITIAL}(?:[{_UPPER}]\.)?)(?![\w])")
_INITIALS_SURNAME = re.compile(rf"(?<![\w.])(?P<initials>{_INITIAL}(?:[{_UPPER}]\.\s?)?)(?P<surname>{_WORD})(?![\w])")
# A run of capitalised words (all-capital too: «ИВАНОВ ИВАН»), one space or hyphen apart.
_CAPITALISED = re.compile(rf"(?<![\w-])[{_UPPER}][а-яё{_UPPER}]+(?:-[{_UPPER}][а-яё{_UPPER}]+)?(?![\w])")
_GAP = re.compile(r"[ \u00a0]{1,2}")
# The word before a name that makes it a place, not a person. Short abbreviations count only with
# their dot: «с Ивановым» is «with Ivanov», «им Иванов» is «to them».
_PLACE_BEFORE = re.compile(
    r"(?<![а-яё])(?:(?:"
    r"ул|улиц[а-яё]*|пр-т|пр-кт|проспект[а-яё]*|переул[а-яё]*|площад[а-яё]*|б-р|бульвар[а-яё]*"
    r"|набережн[а-яё]*|шоссе|проезд[а-яё]*|тупик[а-яё]*|мкр|микрорайон[а-яё]*|имени|пгт|остановк[а-яё]*"
    # Words that also name a post («глава поселения Смирнов») count only in the forms a place takes.
    r"|город|пос[её]л(?:ок|ке)|деревня|село|станция|сквере?|парке?"
    r")\.?|(?:им|г|с|д|ст|пос|дер|пл|пер|туп|наб|просп)\.)\s*$",
    re.IGNORECASE,
)
_NAME_TAGS = frozenset({"Surn", "Name", "Patr"})


@lru_cache(maxsize=50_000)
def _name_likeness(word: str) -> int:
    """2: the most probable parse is a name; 1: some parse is; 0: none. A short all-capital word is an
    abbreviation («ИНН», «УК»), not a name."""
    if len(word) <= 3 and word.isupper():
        return 0
    parses = morph_analyzer().parse(word)
    if not parses:
        return 0
    if _NAME_TAGS & parses[0].tag.grammemes:
        return 2
    return 1 if any(_NAME_TAGS & p.tag.grammemes for p in parses) else 0


def _after_place_word(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start]
    return bool(_PLACE_BEFORE.search(before))


def _name_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for pattern in (_SURNAME_INITIALS, _INITIALS_SURNAME):
        for match in pattern.finditer(text):
            single_initial = match.group("initials").count(".") == 1
            if single_initial and not _name_likeness(match.group("surname")):
                continue  # «Г. Тверь»: one capital letter and a word that is no name
            if not _after_place_word(text, match.start()):
                spans.append((match.start(), match.end(), NAME))
    # Runs of capitalised words separated by one space.
    words = list(_CAPITALISED.finditer(text))
    run: list[re.Match] = []
    for word in [*words, None]:
        if word is not None and run and _GAP.fullmatch(text[run[-1].end() : word.start()]):
            run.append(word)
            continue
        if run:
            spans.extend(_run_spans(text, run))
        run = [word] if word is not None else []
    return spans


def _run_spans(text: str, run: list[re.Match]) -> list[tuple[int, int, str]]:
    if _after_place_word(text, run[0].start()):
        return []
    scores = [max(_name_likeness(part) for part in w.group().split("-")) for w in run]
    for i, word in enumerate(run):
        if _PLACE_BEFORE.fullmatch(word.group()):  # «Улица Горького»: the words after it name a place
            scores[i:] = [0] * (len(run) - i)
            break
    masked = [
        score == 2 or (score == 1 and ((i > 0 and scores[i - 1] == 2) or (i + 1 < len(scores) and scores[i + 1] == 2)))
        for i, score in enumerate(scores)
    ]
    spans, i = [], 0
    while i < len(run):
        if not masked[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(run) and masked[j + 1]:
            j += 1
        spans.append((run[i].start(), run[j].end(), NAME))
        i = j + 1
    return spans


def _flat_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in _FLAT.finditer(text):
        word = match.group("word")
        label = word if word.lower().startswith("квартир") else ("Кв." if word[0].isupper() else "кв.")
        spans.append((match.start(), match.end(), f"{label} {NUMBER}"))
    return spans


def mask_personal_data(text: str, *, names: bool = True) -> str:
    """`text` with e-mails, phones, flat numbers and (unless `names` is false, e.g. for an address,
    where streets are named after people) person names replaced by placeholders."""
    if not text:
        return text
    spans = [(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    spans += [(m.start(), m.end(), PHONE) for pattern in (_PHONE_FULL, _PHONE_MOBILE) for m in pattern.finditer(text)]
    spans += [(m.start(1), m.end(1), PHONE) for m in _PHONE_NAMED.finditer(text)]
    spans += _flat_spans(text)
    if names:
        spans += _name_spans(text)
    # The earliest span wins, the longest of those starting together; overlapping later ones drop.
    spans.sort(key=lambda s: (s[0], -s[1]))
    out, position = [], 0
    for start, end, placeholder in spans:
        if start < position:
            continue
        out.append(text[position:start])
        out.append(placeholder)
        position = end
    out.append(text[position:])
    return "".join(out)
