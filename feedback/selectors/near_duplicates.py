"""Near-duplicate messages: many residents writing about one problem at one house within days.

Two messages are near-duplicates when
- they are about the same house: the same municipality and the same house key of the address
  (`feedback.addresses.address_key`: «ул. Советская, д. 5» = «Советская улица, дом 5»), or, when
  both carry coordinates, the same municipality and points within ~100 m;
- they were registered within ±7 days of each other;
- they are about the same problem: the same category when both are classified, otherwise they
  share telling words (lemmas from `feedback.classifier.text`, less the words of the address and
  the words every message has).
Only messages that may still join a mass problem are suggested (open and not answered yet, in no
mass problem: `MASS_JOINABLE`, the workflow's sources of «Массовая проблема»), and only those the
viewer may see (`feedback.access.visible_messages`).

Speed: the house key is a stored column, and the partial indexes `message_mass_house` (the card:
one house, ±7 days) and `message_mass_recent` (the list: the last days grouped by house, answered
from the index's included columns) hold only candidate messages. Words are compared in Python on
the few dozen messages of one house, never on the whole table.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from cur.access import access_for
from feedback.access import visible_messages
from feedback.addresses import address_key
from feedback.classifier.text import STOP_WORDS, lemma, tokens
from feedback.models import MassProblem, Message
from feedback.models.messages import MASS_CANDIDATE, MASS_JOINABLE

__all__ = ["address_key", "near_duplicates", "suggested_clusters", "card_suggestion", "open_mass_problems"]

WINDOW_DAYS = 7
NEAR_METRES = 100
MIN_CLUSTER = 3
LIST_DAYS = 7
LIST_CLUSTERS = 50
# One house rarely has more; the cap keeps a card's cost fixed if a feed floods one address.
MAX_AT_HOUSE = 100
SNIPPET_CHARS = 200
METRES_PER_DEGREE = 111_320
# Words of the problem, not of the place or the manner of writing: shared by unrelated messages.
_GENERIC = """
    здравствуйте добрый день уважаемый спасибо заранее пожалуйста просить просьба помочь помощь надеяться
    принять мера решить решаться вопрос проблема ситуация повторяться постоянно продолжаться сколько
    обращение обращаться рассмотреть ответ дать сообщить письменно срок установленный закон указанный
    житель жилец сотрудник администрация руководитель управляющий компания дом улица двор подъезд
    район город адрес наш ваш уже год месяц неделя первый второй третий следующий время очень весь
    который также сделать делать срочно разобраться нормально вообще
"""
GENERIC_WORDS = frozenset(_GENERIC.split())


# ---- "the same problem" ------------------------------------------------------------------------


def _lemmas(text: str) -> set[str]:
    """The lemmas of the words of a text (the classifier's tokens and `lemma`, cached per word),
    less numbers and the stop words."""
    out = set()
    for word in tokens(text):
        if len(word) > 1 and not word[0].isdigit() and word not in STOP_WORDS:
            out.add(lemma(word))
    return out - STOP_WORDS


def telling_words(message: Message) -> frozenset[str]:
    """The lemmas that say what the message is about: without the address's own words and the
    words of every message («здравствуйте», «просим»)."""
    return frozenset(_lemmas(message.text or "") - _lemmas(message.address or "") - GENERIC_WORDS)


def same_problem(a: Message, b: Message, words: dict[int, frozenset[str]]) -> bool:
    """The same category when both are classified; otherwise at least two shared telling words,
    or a quarter of the shorter message's."""
    if a.category_id and b.category_id:
        return a.category_id == b.category_id
    for m in (a, b):
        if m.pk not in words:
            words[m.pk] = telling_words(m)
    wa, wb = words[a.pk], words[b.pk]
    shared = len(wa & wb)
    return shared >= 2 or (shared >= 1 and shared >= 0.25 * min(len(wa), len(wb)))


# ---- the card ----------------------------------------------------------------------------------


def _candidates(user, *, at_house: bool = True) -> QuerySet:
    """Messages that may join a mass problem, of a known municipality; `at_house`: with a house key."""
    condition = MASS_CANDIDATE if at_house else Q(status__in=MASS_JOINABLE, mass_problem__isnull=True)
    return visible_messages(user).filter(condition).filter(municipality_id__isnull=False)


_ROW_FIELDS = (
    "id", "number", "registered_at", "status", "text", "address", "municipality_id", "sector_id",
    "category_id", "category__name", "place_key", "latitude", "longitude",
)


def _rows(qs: QuerySet, *related: str) -> QuerySet:
    return (
        qs.select_related("category", *related)
        .only(*_ROW_FIELDS, *(f"{name}__name" for name in related))
        .annotate(snippet=Substr("text", 1, SNIPPET_CHARS))
    )


def _near_box(latitude: float, longitude: float, metres: float = NEAR_METRES) -> Q:
    dlat = metres / METRES_PER_DEGREE
    dlon = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return Q(latitude__range=(latitude - dlat, latitude + dlat), longitude__range=(longitude - dlon, longitude + dlon))


def near_duplicates(user, message: Message) -> list[Message]:
    """Open messages not yet in a mass problem about the same house and problem within ±7 days of
    this one, that the user may see; oldest first. Empty when this message itself cannot join."""
    if message.status not in MASS_JOINABLE or message.mass_problem_id or message.municipality_id is None:
        return []
    start = message.registered_at - timedelta(days=WINDOW_DAYS)
    end = message.registered_at + timedelta(days=WINDOW_DAYS)
    base = _candidates(user, at_house=False).filter(municipality_id=message.municipality_id, registered_at__range=(start, end)).exclude(pk=message.pk)
    found: dict[int, Message] = {}
    key = getattr(message, "place_key", None)
    if key:
        for row in _rows(base.filter(place_key=key)).order_by("registered_at", "id")[:MAX_AT_HOUSE]:
            found[row.pk] = row
    if message.latitude is not None and message.longitude is not None:
        for row in _rows(base.filter(_near_box(message.latitude, message.longitude))).order_by("registered_at", "id")[:MAX_AT_HOUSE]:
            found.setdefault(row.pk, row)
    # The same partition as the list's: a message is in when it is linked to this one through
    # others (an unclassified «батареи холодные» through a classified «нет отопления»).
    group = next(g for g in _split_by_problem([message, *found.values()]) if message in g)
    return sorted((m for m in group if m is not message), key=lambda m: (m.registered_at, m.pk))


def open_mass_problems(user, *, municipality_id: int | None, sector_id: int | None, key: str | None = None, limit: int = 20) -> list[MassProblem]:
    """Open mass problems a suggestion may join: of the same municipality and sector (or none),
    those at the same house first."""
    qs = MassProblem.objects.filter(state=MassProblem.State.OPEN, municipality_id=municipality_id)
    qs = qs.filter(Q(sector_id=sector_id) | Q(sector_id__isnull=True)) if sector_id else qs
    access = access_for(user)
    if not access.reads_all_messages:
        qs = qs.filter(sector_id__in=access.sector_ids)
    problems = list(qs.order_by("-created_at")[:limit])
    return sorted(problems, key=lambda p: address_key(p.address) != key) if key else problems


def suggested_title(messages: list[Message]) -> str:
    """«Ямы и выбоины — г. Тверь, ул. Советская, д. 5»: the most common category and address."""
    address = Counter(m.address for m in messages if m.address).most_common(1)
    categories = Counter(m.category.name for m in messages if m.category_id).most_common(1)
    parts = [categories[0][0] if categories else "", address[0][0] if address else ""]
    return " — ".join(p for p in parts if p)[:300]


@dataclass
class Suggestion:
    """What the card offers: this message and its near-duplicates as one mass problem."""

    message: Message
    others: list[Message]
    title: str
    problems: list[MassProblem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.others) + 1

    @property
    def ids(self) -> list[int]:
        return [self.message.pk] + [m.pk for m in self.others]


def card_suggestion(user, message: Message, *, min_size: int = MIN_CLUSTER) -> Suggestion | None:
    """The card's «похоже на массовую проблему», when this message and its near-duplicates make at
    least `min_size` messages."""
    others = near_duplicates(user, message)
    if len(others) + 1 < min_size:
        return None
    return Suggestion(
        message=message, others=others, title=suggested_title([message, *others]),
        problems=open_mass_problems(user, municipality_id=message.municipality_id, sector_id=message.sector_id,
                                    key=getattr(message, "place_key", None)),
    )


# ---- the list ----------------------------------------------------------------------------------


@dataclass
class Cluster:
    """Suggested mass problem: messages of one house and one problem."""

    key: str
    municipality: str
    messages: list[Message]
    title: str
    address: str
    category: str

    @property
    def count(self) -> int:
        return len(self.messages)

    @property
    def first_at(self) -> datetime:
        return self.messages[0].registered_at

    @property
    def last_at(self) -> datetime:
        return self.messages[-1].registered_at

    @property
    def ids(self) -> list[int]:
        return [m.pk for m in self.messages]


def per_house_and_category(user, since: datetime) -> QuerySet:
    """Candidate messages since `since` counted per (municipality, house, category)."""
    return (
        _candidates(user).filter(registered_at__gte=since)
        .values("municipality_id", "place_key", "category_id")
        .annotate(n=Count("*"), first_at=Min("registered_at"), last_at=Max("registered_at"))
        .order_by()
    )


def house_groups(user, *, days: int = LIST_DAYS, min_size: int = MIN_CLUSTER, now: datetime | None = None, limit: int = LIST_CLUSTERS) -> list[dict]:
    """Houses that may hold a suggestion, the latest first: {municipality_id, place_key, n, first,
    last}. Counted per house and category, so that a house qualifies only when one category and the
    unclassified messages together reach `min_size`: five messages about five different things
    at one house are not a mass problem. Both levels are one query over `message_mass_recent`,
    read from the index alone (its included columns)."""
    since = (now or timezone.now()) - timedelta(days=days)
    try:
        sql, params = per_house_and_category(user, since).query.sql_with_params()
    except EmptyResultSet:  # the user may see no message at all (a sector role without sectors)
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT municipality_id, place_key, sum(n)::int, min(first_at), max(last_at)
            FROM ({sql}) AS per_category
            GROUP BY municipality_id, place_key
            HAVING coalesce(sum(n) FILTER (WHERE category_id IS NULL), 0)
                 + coalesce(max(n) FILTER (WHERE category_id IS NOT NULL), 0) >= %s
            ORDER BY max(last_at) DESC, municipality_id, place_key
            LIMIT %s
            """,
            [*params, min_size, limit],
        )
        names = ("municipality_id", "place_key", "n", "first", "last")
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _split_by_problem(messages: list[Message]) -> list[list[Message]]:
    """The messages of one house, split into problems: joined when `same_problem`, never joining
    two different categories (an unclassified message between a pothole and a heating complaint)."""
    parent = list(range(len(messages)))
    category = [m.category_id for m in messages]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words: dict[int, frozenset[str]] = {}
    for i, a in enumerate(messages):
        for j in range(i):
            ri, rj = root(i), root(j)
            if ri == rj:
                continue
            if category[ri] and category[rj] and category[ri] != category[rj]:
                continue
            if same_problem(a, messages[j], words):
                parent[ri] = rj
                category[rj] = category[rj] or category[ri]
    groups: dict[int, list[Message]] = {}
    for i, m in enumerate(messages):
        groups.setdefault(root(i), []).append(m)
    return list(groups.values())


def suggested_clusters(user, *, days: int = LIST_DAYS, min_size: int = MIN_CLUSTER, now: datetime | None = None, limit: int = LIST_CLUSTERS) -> list[Cluster]:
    """Suggested mass problems of the last `days` days that the user may see, the latest first:
    two queries (the grouping and the messages of the houses found) whatever the table's size."""
    now = now or timezone.now()
    houses = house_groups(user, days=days, min_size=min_size, now=now, limit=limit)
    if not houses:
        return []
    match = Q(pk__in=[])
    for house in houses:
        match |= Q(municipality_id=house["municipality_id"], place_key=house["place_key"])
    rows = (
        _rows(_candidates(user).filter(registered_at__gte=now - timedelta(days=days)).filter(match), "municipality")
        .order_by("registered_at", "id")
    )
    by_house: dict[tuple[int, str], list[Message]] = {}
    for row in rows:
        by_house.setdefault((row.municipality_id, row.place_key), []).append(row)
    clusters = []
    for house in houses:
        messages = by_house.get((house["municipality_id"], house["place_key"]), [])[-MAX_AT_HOUSE:]
        for group in _split_by_problem(messages):
            if len(group) < min_size:
                continue
            address = Counter(m.address for m in group).most_common(1)[0][0]
            categories = Counter(m.category.name for m in group if m.category_id).most_common(1)
            clusters.append(Cluster(
                key=house["place_key"], municipality=group[0].municipality.name, messages=group,
                title=suggested_title(group), address=address, category=categories[0][0] if categories else "",
            ))
    clusters.sort(key=lambda c: c.last_at, reverse=True)
    return clusters

