"""cur.numbers.as_id: what people and systems send as an id."""

import pytest

from cur.numbers import as_id


@pytest.mark.parametrize(("text", "expected"), [
    ("42", 42), (" 00042 ", 42), ("9" * 18, int("9" * 18)),
    ("", None), (None, None), ("²", None), ("①", None), ("٤٢", None), ("4 2", None), ("-1", None), ("1e3", None), ("9" * 19, None),
])
def test_it_takes_ascii_digits_within_bigint_only(text, expected):
    assert as_id(text) == expected
