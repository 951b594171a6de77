"""cur.spreadsheet_safety: text in a CSV for Excel never runs as a formula."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from cur.spreadsheet_safety import formula_safe


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+7 912 000-11-22", "'+7 912 000-11-22"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1+1", "'  =1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r\n@cmd", "'\r\n@cmd"),
    ],
)
def test_it_keeps_a_formula_as_text(text, safe):
    assert formula_safe(text) == safe


@pytest.mark.parametrize("text", ["", "   ", "Дороги", "Яма = беда", "E-mail", "'=уже текст", "56,85"])
def test_it_leaves_other_text_as_it_is(text):
    assert formula_safe(text) == text


def test_it_takes_a_lazy_translation():
    assert formula_safe(gettext_lazy("Дороги")) == "Дороги"
