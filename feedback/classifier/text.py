"""The Russian text pipeline: HTML → plain text → without boilerplate → tokens → lemmas.

Lemmas come from pymorphy3; a message has ~60 tokens and a region's vocabulary is small, so the
per-token cache makes lemmatisation nearly free after the first thousand messages (the speed goal
is 1,000 messages per second on one core).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

# Tags after which the text continues on a new line: otherwise «<p>Дорога</p><p>Яма</p>» would
# glue the words of two paragraphs into one.
_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"})
_SKIPPED_TAGS = frozenset({"script", "style"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


_LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][^<>]*>|&[#a-zA-Z0-9]+;")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def strip_html(text: str) -> str:
    """Plain text of a message written in an HTML editor; plain text passes through untouched."""
    if not text:
        return ""
    if _LOOKS_LIKE_HTML.search(text):
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    # Entities written twice («&amp;nbsp;») survive one pass of the parser.
    text = html.unescape(text)
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


# Lines that platforms and e-mail programs add around what the resident wrote. Each pattern is
# one whole line (after HTML is gone), so the resident's own sentences are never cut.
_BOILERPLATE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(сообщение|обращение|заявка|инцидент)\s*(№|n|#)\s*[\w\-/]+.*$",
        r"^(дата|время)\s+(поступления|регистрации|создания)\s*:.*$",
        r"^(тема|категория|подкатегория|тематика|адрес проблемы|источник|канал)\s*:.*$",
        r"^(от|кому|отправлено|sent|from|to|subject)\s*:.*$",
        r"^-{2,}\s*(исходное|пересылаемое|original|forwarded).*$",
        r"^(с уважением|с уважением,?)\s*,?$",
        r"^отправлено с (iphone|android|моего .*)$",
        r"^>.*$",
    )
]


def strip_boilerplate(text: str) -> str:
    """Remove the platform's header lines («Сообщение №…», «Дата поступления: …») and quoted
    e-mail lines, keeping everything the resident wrote."""
    kept = [line for line in text.split("\n") if not any(p.match(line.strip()) for p in _BOILERPLATE_LINES)]
    return "\n".join(kept).strip()


def clean(text: str) -> str:
    return strip_boilerplate(strip_html(text))


_WORD = re.compile(r"^[а-яёa-z]+(?:-[а-яёa-z]+)*$")
# «д. 15а», «15/2», «кв. 7»: a house number says *where*, which helps the sector (roads vs. a
# block of flats) less than the words, but repeated addresses mark mass problems; we keep the
# shape of numbers, not the number itself, so the vocabulary does not explode.
_HOUSE = re.compile(r"^\d{1,4}[а-яa-z]?(?:/\d{1,4}[а-яa-z]?)?$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
STOP_WORDS = frozenset(
    ["и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его", "но", "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от", "меня", "еще", "нет", "о", "из", "ему", "теперь", "когда", "даже", "ну", "вдруг", "ли", "если", "уже", "или", "ни", "быть", "был", "него", "до", "вас", "нибудь", "опять", "уж", "вам", "ведь", "там", "потом", "себя", "ничего", "ей", "может", "они", "тут", "где", "есть", "надо", "ней", "для", "мы", "тебя", "их", "чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз", "тоже", "себе", "под", "будет", "ж", "тогда", "кто", "этот", "того", "потому", "этого", "какой", "совсем", "ним", "здесь", "этом", "один", "почти", "мой", "тем", "чтобы", "нее", "сейчас", "были", "куда", "зачем", "всех", "никогда", "можно", "при", "наконец", "два", "об", "другой", "хоть", "после", "над", "больше", "тот", "через", "эти", "нас", "про", "всего", "них", "какая", "много", "разве", "три", "эту", "моя", "впрочем", "хорошо", "свою", "этой", "перед", "иногда", "лучше", "чуть", "том", "нельзя", "такой", "им", "более", "всегда", "конечно", "всю", "между", "это", "весь", "мочь", "свой", "который", "наш", "ваш"]
)

_morph = None


def morph_analyzer():
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The normal form of one lower-case word (the most probable parse)."""
    return morph_analyzer().parse(word)[0].normal_form


# Words (hyphenated ones whole: «северо-запад», «из-за») and numbers (decimal, «15/2»). The same
# tokens razdel gives once punctuation is dropped, which is all the model keeps, at a fifth of the
# cost: tokenising was two thirds of the time of training on 100,000 messages.
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*")


def tokens(text: str) -> list[str]:
    """Word and number tokens of cleaned text, lower-cased, punctuation dropped."""
    return [t.lower() for t in _TOKEN.findall(text)]


def lemmas(text: str, *, numbers: bool = True) -> list[str]:
    """Lemmas of the words of raw message text; numbers become shape tokens (`_дом_`, `_число_`)."""
    out = []
    for token in tokens(clean(text)):
        if _WORD.match(token):
            if len(token) > 1 and token not in STOP_WORDS:
                word = lemma(token)
                if word not in STOP_WORDS:
                    out.append(word)
        elif numbers:
            if _NUMBER.match(token) and len(token) == 4 and token[:2] in ("19", "20"):
                out.append("_год_")
            elif _HOUSE.match(token):
                out.append("_дом_" if not _NUMBER.match(token) or len(token) <= 3 else "_число_")
            elif _NUMBER.match(token):
                out.append("_число_")
    return out


def normalise(text: str) -> str:
    """The text the model's vectorisers read: lemmas joined by spaces."""
    return " ".join(lemmas(text))
