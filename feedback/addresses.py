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

# Lower case whatever the database's locale: PostgreSQL's lower() leaves Cyrillic as it is under the
# "C" locale, so the capitals of the alphabet are also translated one by one. No ICU collation:
# the embedded PostgreSQL of `make run` (the pgserver wheel) is built without ICU. Over the whole
# key the translate() costs ≈2 µs a row (30,000 demo addresses: 0.55 s against 0.48 s).
_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_SMALL = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# Punctuation that is a space in an address. «#» is among them: the steps use it as a marker.
# translate() over a multibyte set costs PostgreSQL more than a few plain replacements, so the
# set is ASCII and the rest (the dot, by far the most common, and the typographic signs) are
# replaced one by one.
_PUNCTUATION = ";:()[]{}\"'!?#_*+=<>|\\~^$%&@\t\n\r"
_OTHER_PUNCTUATION = (".", "«", "»", "„", "“", "”", "№", "–", "—", "\u00a0")

# Words that say what kind of street or place follows (or precede a house number).
# Words that are also street names («Набережная», «Площадь Победы») are not here.
_TYPES = "ул|улица|д|дом|пр|пр-т|просп|проспект|пер|переулок|б-р|бульвар|ш|шоссе|пл|наб|мкр|мкр-н|микрорайон|пр-д|проезд|туп|тупик"

# The house number: digits, an optional fraction and an optional letter («5а», «5 а»). A letter set
# apart by a space counts only before a comma or the end: «5 у подъезда» is house 5.
HOUSE = r"[0-9]+(?:/[0-9]+)?(?:[а-я]| [а-я](?= ,| ?$))?"

RE, TEXT, CHARS = "re", "text", "chars"
# (kind, pattern, replacement) applied in order to the lower-cased address wrapped in spaces: RE
# replaces every match of a regular expression, TEXT every occurrence of a string, CHARS each of the
# characters by a space. PostgreSQL runs these on every INSERT and COPY of a message, so plain
# replacements are used where they do, and no group captures what is not put back.
STEPS: tuple[tuple[str, str, str], ...] = (
    *((TEXT, sign, " ") for sign in _OTHER_PUNCTUATION),
    (CHARS, _PUNCTUATION, ""),
    # «д.5», «ул.Советская5»: a number glued to a word starts a new word.
    (RE, r"([а-яa-z])([0-9])", r"\1 \2"),
    # Commas separate parts of the address. After this every word has exactly one space on each side.
    (TEXT, ",", " , "),
    # Runs of spaces halve with each pass (a run of up to 8 becomes one); cheaper than «  +».
    (TEXT, "  ", " "),
    (TEXT, "  ", " "),
    (TEXT, "  ", " "),
    # «д. 43» marks the house number: the street may have numbers of its own («ул. 8 Марта, д. 43»).
    (RE, r" (?:д|дом) (?=[0-9])", " # "),
    # A village keeps its name in the key (one rural district has many «ул. Кирова, д. 15»): its
    # comma goes, so the street part below starts at the village.
    (RE, r" (?:с|д|п|пос|дер|село|деревня|поселок|пгт|рп|х|хутор|снт) ([а-я-]+) ,", r" \1"),
    # The town named with «г.»/«город» is the municipality's business, not the house's. The
    # lookahead leaves the space after a removed word, so the next word matches too.
    (RE, r" (?:г|гор|город) [а-я-]+(?= )", ""),
    (RE, rf" (?:{_TYPES})(?= )", ""),
    # Without «д.», the first number is the house: mark it the same way.
    (RE, r"^([^#0-9]*)(?=[0-9][^#]*$)", r"\1# "),
    # The house number is kept, everything after it (the flat, «у подъезда») goes.
    (RE, rf"# ({HOUSE}).*$", r"# \1"),
    # Of the words before the house number, the street is the part after the last comma (the
    # commas right before the number go first: «Советская, 5»).
    (RE, r"[ ,]*# ", " # "),
    (RE, r"^[^#]*,", ""),
    # « советская # 5 а» → «советская 5а». Without a street, « # 5» → «5»: no letter before the number.
    (TEXT, " # ", " "),
    (RE, r" ([а-я])$", r"\1"),
    (RE, r"^ +", ""),
)
# A key names a street (a letter) and then a house number.
KEY = r"^[^#]*[а-яa-z][^#]*[0-9][^#]*$"
_BLANKS = str.maketrans(_PUNCTUATION, " " * len(_PUNCTUATION))


def address_key(address: str | None) -> str | None:
    """The house key of an address, or None when it names no house (no street or no number)."""
    if not address:
        return None
    text = f" {address.lower().replace('ё', 'е')} "
    for kind, pattern, replacement in STEPS:
        if kind == RE:
            text = re.sub(pattern, replacement, text)
        elif kind == TEXT:
            text = text.replace(pattern, replacement)
        else:
            text = text.translate(_BLANKS)
    return text if re.match(KEY, text) else None


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
    """The same key as `address_key`, as an immutable SQL expression (for a generated column).

    Every step is nested in the next and the text is used once: PostgreSQL inlines an expression
    each time it is named, so reading the steps' result twice would run them all twice.
    """
    lowered = _func(
        "replace",
        _func("translate", _func("lower", models.F(field)), models.Value(_CAPITALS), models.Value(_SMALL)),
        models.Value("ё"), models.Value("е"),
    )
    text = _Joined(models.Value(" "), lowered, models.Value(" "))
    for kind, pattern, replacement in STEPS:
        if kind == RE:
            text = _regexp_replace(text, pattern, replacement)
        elif kind == TEXT:
            text = _func("replace", text, models.Value(pattern), models.Value(replacement))
        else:
            text = _func("translate", text, models.Value(pattern), models.Value(" " * len(pattern)))
    # substring(text, pattern) is the text when it matches, NULL when it does not.
    return _func("substring", text, models.Value(KEY))
