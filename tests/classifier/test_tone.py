"""The tone lexicon: what an operator would want flagged first, and ordinary complaints left alone."""

import pytest

from feedback.classifier.tone import analyse, flags


@pytest.mark.parametrize("text", [
    "Если не уберёте свалку, я её подожгу вместе с вашей конторой!",
    "Вы ещё пожалеете, что не отвечаете людям.",
    "Доведёте — покончу с собой, так жить невозможно.",
])
def test_threats_are_flagged(text):
    assert "threat" in flags(text)


@pytest.mark.parametrize("text", [
    "Дорога — полное говно, ямы по колено.",
    "Когда уже отремонтируют этот <b>ху</b>йовый мост",  # a word broken by markup is still a word
    "Охуели совсем, третью неделю нет воды",
    "Бляха-муха, опять ямы",  # a euphemism is not obscene
])
def test_obscenity(text):
    expected = "Бляха" not in text
    assert ("obscenity" in flags(text)) is expected


def test_strong_conflict_marker_alone_flags():
    tone = analyse("Это беспредел! Управляющая компания ничего не делает.")
    assert tone.flags == ("conflict",)
    assert "беспредел" in tone.found


def test_weak_markers_need_two_different_ones():
    assert flags("Сколько можно ждать ремонта дороги?") == []
    assert flags("Сколько можно! Опять отписка вместо ремонта.") == ["conflict"]


def test_reference_to_a_decree_is_not_a_conflict():
    assert flags("Прошу назначить выплату по указу Президента на ребёнка.") == []


@pytest.mark.parametrize("text", [
    "На улице Корабельной яма, машины бьются. Небо не видно из-за дыма котельной.",
    "В суде рассматривается наш иск о перерасчёте, прошу разъяснить порядок.",  # «в суде» is not «подам в суд»
    "Дети могут убиться на сломанных качелях во дворе дома 5.",
    "Сухую траву не косят, требую принять меры.",
])
def test_ordinary_complaints_are_not_flagged(text):
    assert flags(text) == []


def test_html_and_yo_are_normalised():
    assert flags("<p>Произвол чиновников &mdash; ёлки!</p>") == ["conflict"]
