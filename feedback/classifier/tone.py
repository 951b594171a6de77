"""Tone of a message: threats, obscenity and strong conflict, found by a lexicon.

The Положение asks the ЦУР to notice conflict situations in communication; an operator sees such
messages first. A lexicon is enough here: it is explainable (the card can say what was found),
needs no labelled data, and its misses cost little because every message is read anyway. Words
are matched from their start (after an optional verb prefix for the obscene roots) so that
«корабля» or «небо» never count; «ё» is read as «е».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedback.classifier.text import clean

_PREFIXES = r"(?:на|по|за|от|вы|до|об|отъ|раз|рас|при|про|под|пере|недо|не|ни|съ|у|о|с|долбо)?"
# Roots of Russian obscene words; each must begin a word (optionally after a verb prefix).
_OBSCENE = re.compile(
    r"(?<![а-яa-z])(?:"
    + _PREFIXES
    + r"(?:ху[йеяию]|пизд|еба|ебл|ебу|ебн|ебан|ебош|ебыр|ебись|еби)"
    + r"|бля(?:д|т|[ьъ]|\b)|мудак|мудил|мудозвон|пид[оа]р|педрил|гандон|гондон|залуп|шлюх"
    + r"|сук(?:а|и|е|у|ой|ами)\b|сучар|говн|дерьм|твар(?:ь|и|ей)\b|ублюд|выродк|уроды?\b|уродов\b"
    + r")"
)
# Threats to people or property, and of self-harm: the message must reach a person at once.
_THREAT = re.compile(
    r"(?<![а-яa-z])(?:"
    r"(?:убью|убьем|прибью|прибьем|зарежу|зарежем|подожгу|подожжем|сожгу|сожжем|взорву|взорвем|отомщу|отомстим)\b"
    r"|застрелю|убить\s+(?:вас|его|ее|их|себя)|покончу\s+с\s+собой|повешусь|вскрою\s+вены|наложу\s+на\s+себя\s+руки"
    r"|самосожжени|пожалеете|пожалеешь|кровь\s+прол|прольется\s+кровь|ответите\s+за\s+это|найду\s+(?:вас|тебя)"
    r")"
)
# Markers of a conflict that has gone beyond one complaint. Strong ones flag alone; weaker ones
# (an exasperated resident is common; «указ президента» is a plain reference) only when at least
# two different ones meet.
_CONFLICT_STRONG = re.compile(
    r"(?<![а-яa-z])(?:"
    r"беспредел|произвол|митинг|пикет|голодовк|перекро[ею]м|перекрыть\s+(?:трассу|дорогу)|коррупц|взятк"
    r"|(?:в|во)\s+(?:прокуратур|суд\b|суды|следственн|ск\b|фсб)|прокуратур[ауеы]|генпрокурор"
    r"|издевательств|издеваетесь|хамств|нахамил|нагрубил|оскорбил|оскорбля"
    r")"
)
_CONFLICT_WEAK = re.compile(
    r"(?<![а-яa-z])(?:"
    r"надоел|сколько\s+можно|до\s+каких\s+пор|в\s+который\s+раз|отписк|бездейств|безобрази|бардак|позор"
    r"|всем\s+плевать|наплевать|никакой\s+реакции|никто\s+не\s+(?:реагир|отвеча)|обман|воры|ворюг|безответственн"
    r"|возмутительн|возмущен|хаос|президент|путин"
    r")"
)


@dataclass(frozen=True)
class Tone:
    flags: tuple[str, ...]  # codes of feedback.models.ToneFlag, in a fixed order
    found: tuple[str, ...]  # the fragments that made the decision, for the card


_WORD_END = re.compile(r"[а-яa-z]*")


def _fragments(pattern: re.Pattern, text: str) -> list[str]:
    """What matched, completed to the end of its last word: the card shows «издевательство», not
    the root «издевательств»."""
    return [(m.group(0) + _WORD_END.match(text, m.end()).group(0)).strip() for m in pattern.finditer(text)]


def analyse(text: str) -> Tone:
    plain = clean(text or "").lower().replace("ё", "е")
    threat = _fragments(_THREAT, plain)
    obscene = _fragments(_OBSCENE, plain)
    strong = _fragments(_CONFLICT_STRONG, plain)
    weak = _fragments(_CONFLICT_WEAK, plain)
    flags = []
    if threat:
        flags.append("threat")
    if obscene:
        flags.append("obscenity")
    conflict = bool(strong) or len(set(weak)) >= 2
    if conflict:
        flags.append("conflict")
    # Obscene words are not repeated back to the card: the flag is enough.
    found = threat + (strong + weak if conflict else [])
    return Tone(tuple(flags), tuple(dict.fromkeys(found)))


def flags(text: str) -> list[str]:
    return list(analyse(text).flags)
