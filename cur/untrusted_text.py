"""Residents' and outside systems' text: what may be stored and how it is shown.

Two kinds of characters need a rule:

- Characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return, NUL,
  U+FFFE, U+FFFF and lone surrogates). They carry nothing a resident wrote on purpose, PostgreSQL
  refuses NUL, and one of them stored in a text makes every XML document that quotes it (Open311's
  requests.xml of the whole channel) unreadable. The portal's one rule for every intake path: they
  are removed from free text (the message is kept, and its first history event says what was
  removed), and an identifier or code that contains one is refused with a Russian reason.
- Bidirectional controls (U+202A–U+202E, U+2066–U+2069, marks) and invisible format characters.
  They are legitimate in Arabic or Hebrew text and are stored as given, but they can reverse what
  an operator reads («U+202E» turns «оплачено 100» into «001 онечалпо»), so pages show each of
  them as a visible marker instead of letting it act.
"""

from __future__ import annotations

import re

# XML 1.0 (§2.2, production Char) allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and the astral
# planes. Everything else: the other C0 controls, U+FFFE, U+FFFF and surrogates (a Python str holds
# a surrogate only when it is lone: paired ones are already one astral character).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

BIDI_AND_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_NAMES = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM",
    "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u2060": "WJ", "\ufeff": "BOM",
}


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def xml_forbidden_in(text: str) -> list[str]:
    """The distinct forbidden characters of `text` as «U+0001», in order of first appearance."""
    return list(dict.fromkeys(code_point(c) for c in XML_FORBIDDEN.findall(text)))


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids.

    ElementTree escapes markup but writes such characters as they are, and the document is then not
    well-formed: every parser refuses the whole answer, not just one field. XML 1.0 has no way to
    write them, even as character references, so they are dropped; none of them is visible text.
    Used on intake (free text) and again on every XML output, for what was stored before the rule.
    """
    return XML_FORBIDDEN.sub("", text)


def marker_name(char: str) -> str:
    """«RLO U+202E»: the Unicode short name where it has one, and the code point."""
    name = _NAMES.get(char)
    return f"{name} {code_point(char)}" if name else code_point(char)
