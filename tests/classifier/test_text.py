from feedback.classifier.text import clean, lemma, lemmas, strip_boilerplate, strip_html


def test_it_strips_tags_and_keeps_paragraphs_apart():
    assert strip_html("<p>Дорога</p><p>Яма</p>") == "Дорога\nЯма"


def test_it_decodes_entities_once_and_twice():
    assert strip_html("Дом&nbsp;5 &laquo;Ромашка&raquo; &amp;nbsp;конец") == "Дом 5 «Ромашка» конец"


def test_it_drops_scripts_and_styles():
    assert strip_html("<style>p{color:red}</style><p>Текст</p><script>alert(1)</script>") == "Текст"


def test_it_leaves_plain_text_with_angle_brackets_alone():
    assert strip_html("Температура < 18 градусов, а должна быть > 20") == "Температура < 18 градусов, а должна быть > 20"


def test_it_removes_platform_header_lines_but_not_the_residents_words():
    text = "Сообщение № 123-45 от 01.02.2024\nДата поступления: 01.02.2024\nНа улице нет света.\n> цитата письма"
    assert strip_boilerplate(text) == "На улице нет света."


def test_it_keeps_a_sentence_that_merely_mentions_a_message_number():
    assert clean("<p>Я уже писал, моё сообщение №15 не рассмотрено</p>") == "Я уже писал, моё сообщение №15 не рассмотрено"


def test_it_lemmatises_russian_words():
    assert lemmas("Дороги разбиты, больницы закрыты") == ["дорога", "разбитый", "больница", "закрытый"]


def test_it_drops_stop_words_and_punctuation():
    assert lemmas("И на дороге, и во дворе!") == ["дорога", "двор"]


def test_it_turns_numbers_into_shape_tokens():
    assert lemmas("дом 15а, корпус 7, 2023 год, 12345 рублей") == ["дом", "_дом_", "корпус", "_дом_", "_год_", "год", "_число_", "рубль"]


def test_it_caches_each_word():
    lemma.cache_clear()
    lemmas("ямы ямы ямы")
    info = lemma.cache_info()
    assert (info.misses, info.hits) == (1, 2)
