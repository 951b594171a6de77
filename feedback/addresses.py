"""The house an address names, as a key: «г. Тверь, ул. Советская, д. 5» and «Советская улица, дом 5»
are one house, «советская 5».

Residents, operators and the platforms write one address many ways: with or without «ул.»/«улица»,
«д.»/«дом», the town in front, «ё» or «е», capitals, dots and commas. The key keeps what tells
houses apart: the street's own name and the house number (with its letter, «15а», or fraction,
«15/2»). The apartment, the entrance and anything written after the house number are left out:
a mass problem is a house's, not a flat's. An address without a house number has no key (a whole
street is not one problem).

The key is computed twice from the same list of steps: in Python (`address_key`, for one
address) and in SQL (`place_key_sql`, the stored column `Message.place_key`, so that lists group
millions of messages by it without running a regular expression per row). The steps use only
what both regular-expression dialects read the same way (no \\b, no \\m), and a test checks that
both give the same key.

Known limit: words in front of the street that are not set off by a comma or «г.» stay in the key
(«Тверь Советская 5» ≠ «Советская 5»); the platforms and the intake form separate them by commas.
"""

from __future__ import annotations

import re

from django.db import models

_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё"
_LOWER = "абвгдеежзийклмнопрстуфхцчшщъыьэюяе"

# Words that say what kind of street or place follows (or precede a house number).
# Words that are also street names («Набережная», «Площадь Победы») are not here.
_TYPES = "ул|улица|д|дом|пр|пр-т|просп|проспект|пер|переулок|б-р|бульвар|ш|шоссе|пл|наб|мкр|мкр-н|микрорайон|пр-д|проезд|туп|тупик"

# (pattern, replacement) applied in order with "replace all"; the text is wrapped in spaces first.
STEPS: tuple[tuple[str, str], ...] = (
    # «д.5», «ул.Советская5»: a number glued to a word starts a new word.
    (r"([а-яa-z])([0-9])", r"\1 \2"),
    # Commas separate parts of the address; everything else but letters, digits, «/» and «-» is a space.
    (r",", " , "),
    (r"[^а-яa-z0-9/,-]+", " "),
    # Every word gets spaces of its own on both sides, so neighbouring words both match below.
    (r" ", "  "),
    # «д. 43» marks the house number: the street may have numbers of its own («ул. 8 Марта, д. 43»).
    (r" (д|дом) +(?=[0-9])", " # "),
    # A village keeps its name in the key (one rural district has many «ул. Кирова, д. 15»): its
    # comma goes, so the street part below starts at the village.
    (r" (с|д|п|пос|дер|село|деревня|поселок|пгт|рп|х|хутор|снт) +([а-я-]+) +,", r" \2 "),
    # The town named with «г.»/«город» is the municipality's business, not the house's.
    (r" (г|гор|город) +[а-я-]+ ", " "),
    (rf" ({_TYPES}) ", " "),
)
# The house number: digits, an optional fraction and an optional single letter («5а», «5 а»).
# A letter set apart by a space counts only before a comma or the end: «5 у подъезда» is house 5.
HOUSE = r"[0-9]+(?:/[0-9]+)?(?:[а-я](?![а-я])| +[а-я](?= *(?:,|$)))?"
# The number after «д.»/«дом» (marked «#» above), or else the first number. Both dialects pick the
# first branch when it matches: Python tries it first, PostgreSQL takes the longest match.
HOUSE_AT = rf"^(?:[^#]*# +|[^0-9#]*)({HOUSE})"
BEFORE_HOUSE = r"^(?:[^#]*(?=#)|[^0-9#]*)"
# Of the words before the house number, the street is the part after the last comma (the commas
# right before the number are dropped first: «Советская, 5»).
TRAILING_COMMAS = r"[ ,]+$"
UP_TO_LAST_COMMA = r"^.*,"


def _lower(text: str) -> str:
    return text.lower().translate(str.maketrans(_UPPER, _LOWER))


def address_key(address: str | None) -> str | None:
    """The house key of an address, or None when it names no house (no street or no number)."""
    if not address:
        return None
    text = f" {_lower(address)} "
    for pattern, replacement in STEPS:
        text = re.sub(pattern, replacement, text)
    house = re.match(HOUSE_AT, text)
    if house is None:
        return None
    before = re.match(BEFORE_HOUSE, text).group(0)
    street = " ".join(re.sub(UP_TO_LAST_COMMA, "", re.sub(TRAILING_COMMAS, "", before)).split())
    if not street:
        return None
    return f"{street} {house.group(1).replace(' ', '')}"


def _regexp_replace(expression, pattern: str, replacement: str) -> models.Func:
    return models.Func(
        expression, models.Value(pattern), models.Value(replacement), models.Value("g"),
        function="regexp_replace", output_field=models.TextField(),
    )


def _func(function: str, *expressions) -> models.Func:
    return models.Func(*expressions, function=function, output_field=models.TextField())


class _Joined(models.Func):
    """`a || b || c`: unlike concat(), the operator is immutable (a generated column needs that) and
    is NULL when any part is NULL."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = models.TextField()


def place_key_sql(field: str = "address") -> models.Expression:
    """The same key as `address_key`, as an immutable SQL expression (for a generated column)."""
    lowered = _func("translate", _func("lower", models.F(field)), models.Value(_UPPER), models.Value(_LOWER))
    text = _Joined(models.Value(" "), lowered, models.Value(" "))
    for pattern, replacement in STEPS:
        text = _regexp_replace(text, pattern, replacement)
    # substring(text, pattern) returns what the capturing group matched (the whole match when the
    # pattern has none), and NULL when there is no house number.
    house = _func("replace", _func("substring", text, models.Value(HOUSE_AT)), models.Value(" "), models.Value(""))
    before = _func("substring", text, models.Value(BEFORE_HOUSE))
    before = _regexp_replace(_regexp_replace(before, TRAILING_COMMAS, ""), UP_TO_LAST_COMMA, "")
    street = _func("nullif", _func("btrim", _regexp_replace(before, " +", " ")), models.Value(""))
    return _Joined(street, models.Value(" "), house)
