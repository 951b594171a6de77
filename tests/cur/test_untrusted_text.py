"""cur.untrusted_text.xml_safe: what XML 1.0 cannot carry is dropped, everything else is kept as it is."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from cur.untrusted_text import xml_safe

FORBIDDEN = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff", "\ud800", "\udfff"]


@pytest.mark.parametrize("char", FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in FORBIDDEN])
def test_it_drops_each_character_xml_forbids(char):
    assert xml_safe(f"Яма{char} у дома") == "Яма у дома"


def test_it_keeps_tab_newlines_and_every_allowed_character():
    kept = "Строка\tс табуляцией\nи переводом\r\nстроки; «кавычки» & <теги>, \x7f\x85, \ud7ff\ue000\ufffd, эмодзи 🕳️, 𝔸"
    assert xml_safe(kept) == kept


def test_it_makes_any_text_parse_as_xml():
    hostile = "".join(chr(c) for c in range(0x20)) + "\ufffe\uffff текст"
    element = ET.Element("description")
    element.text = xml_safe(hostile)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    assert parsed.text == "\t\n\n текст"  # the XML parser normalises CR to LF


def test_it_leaves_empty_text_empty():
    assert xml_safe("") == ""
