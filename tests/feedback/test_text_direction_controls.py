"""A resident's text with direction controls (U+202E and the like) is shown with a visible marker
on every page an operator reads it, never left to reverse what the operator sees."""

from __future__ import annotations

import re

from django.urls import reverse

from cur.templatetags.cur_text import visible_controls

TRICK = "Оплачено \u202e001 руб\u202c, адрес\u2066 в тексте"


def test_the_filter_escapes_and_marks_each_control():
    shown = visible_controls("<b>x</b>\u202ey\u200bz\x01")
    assert shown.startswith("&lt;b&gt;x&lt;/b&gt;")
    assert re.findall(r">([^<]+)</span>", shown) == ["RLO U+202E", "ZWSP U+200B", "U+0001"]
    assert "\u202e" not in shown and "\u200b" not in shown


def test_the_card_shows_the_controls_instead_of_applying_them(client, region, make_message, people):
    message = make_message(region, text=TRICK, address="ул.\u202e Ленина", author_name="Иван\u202eов")
    client.force_login(people.operator)
    html = client.get(reverse("feedback:card", kwargs={"pk": message.pk})).content.decode()
    assert html.count('class="cur-control-char"') >= 5
    assert ">RLO U+202E</span>" in html and ">PDF U+202C</span>" in html and ">LRI U+2066</span>" in html
    assert "\u202e" not in html and "\u2066" not in html


def test_the_queue_row_marks_them_too(client, region, make_message, people):
    make_message(region, text=TRICK)
    client.force_login(people.operator)
    html = client.get(reverse("feedback:queue")).content.decode()
    assert ">RLO U+202E</span>" in html
    assert "\u202e" not in html
