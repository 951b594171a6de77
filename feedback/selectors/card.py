"""Reads for the message card: the message with its references, history, answers, related messages.

Every read starts from `feedback.access.visible_messages(user)`: another agency's message is a 404, and a
related message the user may not open is never listed. The card's query count does not depend on
the length of the history or the number of answers (one query each, attachments prefetched in one).

Related messages are found through indexes, so a card costs the same at 10 thousand and at
10 million messages:

- same author: lower(e-mail), the last ten digits of the phone, the social-network handle
  (expression indexes `message_author_email`, `message_author_phone`, `message_author_handle`);
- same place: municipality + address (`message_place`);
- similar text: the latest 1000 messages of the same sector within ±90 days (a range of
  `message_sector_time`) that share one of the message's telling words, ranked by `ts_rank`;
  which words are telling (not «улица», «дом») comes from PostgreSQL's own statistics of the
  search column. The cap keeps a busy sector's card as fast as a quiet one's.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Lower, Substr
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cur.access import access_for
from cur.roles import PERSONAL_DATA_ROLES, RoleCode
from feedback.access import can_see_personal_data, get_message_for_user, personal_data_for, visible_messages
from feedback.models import Answer, EventKind, Message, MessageEvent, MessageStatus
from feedback.models.messages import author_phone_key
from feedback.selectors.expressions import RowCompare

RELATED_LIMIT = 5
SIMILAR_DAYS = 90
# "Similar text": of the SIMILAR_CANDIDATES messages of the sector nearest in time, those sharing one
# of the message's SIMILAR_LEXEMES rarest words are ranked; words in more than COMMON_LEXEME of all
# messages are too common to tell anything.
SIMILAR_CANDIDATES = 1000
SIMILAR_LEXEMES = 20
COMMON_LEXEME = 0.05
SNIPPET_CHARS = 160
_WORD_LEXEME = re.compile(r"^[^\W\d_][^\W_]+$")

ROLE_LABELS = dict(RoleCode.choices)
STATUS_LABELS = dict(MessageStatus.choices)


def card_message(user, pk) -> Message:
    """The message with everything the card's header shows, in one query, or 404."""
    # Only the references every card shows are joined: planning a ten-table join costs PostgreSQL
    # more than running it (3–4 ms at 9 joins). A parent category, a mass problem and the original
    # of a duplicate are read only for the messages that have one.
    qs = (
        Message.objects.select_related("channel", "kind", "sector", "category", "agency", "municipality")
        .defer("search_vector")
        # The words of the message for "similar text", read with the row instead of by another query.
        .annotate(lexemes=Func(F("search_vector"), function="tsvector_to_array"))
    )
    message = get_message_for_user(user, pk, qs)
    message.duplicate_of_number = None
    if message.duplicate_of_id:
        message.duplicate_of_number = Message.objects.filter(pk=message.duplicate_of_id).values_list("number", flat=True).first()
    return message


@dataclass(frozen=True)
class HistoryItem:
    event: MessageEvent
    actor_name: str
    role_label: str
    # A deadline set by this event (extension, return with a new term), shown beside the note.
    new_deadline: datetime | None = None


def card_history(message: Message) -> list[HistoryItem]:
    """The whole history in time order, with the actors, in one query."""
    items = []
    for event in message.events.select_related("actor").order_by("at", "id"):
        actor = event.actor
        name = actor.get_full_name() if actor else ""
        items.append(HistoryItem(event, name, str(ROLE_LABELS.get(event.actor_role, "")), _deadline_in(event)))
    return items


def _deadline_in(event: MessageEvent) -> datetime | None:
    data = event.data or {}
    raw = data.get("after") if event.kind == EventKind.DEADLINE else data.get("deadline") if event.kind == EventKind.REVIEW else None
    return parse_datetime(raw) if isinstance(raw, str) else None


def card_answers(message: Message) -> list[Answer]:
    """Interim and final answers with their authors, reviewers and files: two queries."""
    return list(
        message.answers.select_related("agency", "author", "reviewed_by").prefetch_related("attachments").order_by("created_at", "id")
    )


# ---- related messages ------------------------------------------------------------------------


def _related_rows(qs: QuerySet) -> QuerySet:
    return (
        qs.select_related("sector")
        .only("id", "number", "registered_at", "status", "sector__name", "sector__short_name")
        .annotate(snippet=Substr("text", 1, SNIPPET_CHARS))
    )


def same_author(user, message: Message, limit: int = RELATED_LIMIT) -> list[Message]:
    """Other messages of the same author, by e-mail, phone or social-network handle."""
    match = Q(pk__in=[])
    if message.author_email.strip():
        match |= Q(author_email_key=message.author_email.strip().lower()) & ~Q(author_email="")
    phone = re.sub(r"\D", "", message.author_phone)[-10:]
    if len(phone) >= 6:  # a short service number is not a person
        match |= Q(author_phone_key=phone) & ~Q(author_phone="")
    if message.author_handle.strip():
        match |= Q(author_handle=message.author_handle) & ~Q(author_handle="")
    if match == Q(pk__in=[]):
        return []
    qs = visible_messages(user).annotate(author_email_key=Lower("author_email"), author_phone_key=author_phone_key())
    return list(_related_rows(qs.filter(match).exclude(pk=message.pk)).order_by("-registered_at", "-id")[:limit])


def same_place(user, message: Message, limit: int = RELATED_LIMIT) -> list[Message]:
    """Other messages about the same address in the same municipality."""
    if not message.address.strip() or message.municipality_id is None:
        return []
    qs = visible_messages(user).filter(municipality_id=message.municipality_id, address=message.address).exclude(pk=message.pk)
    return list(_related_rows(qs).order_by("-registered_at", "-id")[:limit])


class LexemeFrequencies:
    """How common each lexeme is among messages: the share of messages containing it.

    Read from PostgreSQL's own statistics of `search_vector` (ANALYZE keeps the most common
    lexemes with their frequencies, `pg_stats.most_common_elems`): one small query, kept for
    `TTL` seconds per process, and no table of our own to maintain. A lexeme missing from the list
    is rarer than the rarest listed one.
    """

    TTL = 600
    _cache: tuple[float, dict[str, float], float] | None = None

    @classmethod
    def load(cls) -> tuple[dict[str, float], float]:
        now = time.monotonic()
        if cls._cache is None or now - cls._cache[0] > cls.TTL:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                    "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'search_vector'",
                    [Message._meta.db_table],
                )
                row = cursor.fetchone()
            frequencies: dict[str, float] = {}
            floor = 0.0
            if row and row[0]:
                # The array of frequencies ends with three summary numbers (min, max, nulls).
                frequencies = dict(zip(row[0], row[1], strict=False))
                floor = min(row[1][: len(row[0])])
            cls._cache = (now, frequencies, floor)
        return cls._cache[1], cls._cache[2]

    @classmethod
    def forget(cls) -> None:
        cls._cache = None


def similarity_words(lexemes: list[str] | None) -> list[str]:
    """The words of a message that say what it is about, rarest first, for "similar text".

    Words found in more than COMMON_LEXEME of all messages («улица», «дом», «здравствуйте») are
    left out unless nothing else is left; so are numbers (house numbers, dates), e-mails and links.
    """
    words = {w for w in lexemes or [] if _WORD_LEXEME.match(w)}
    frequencies, floor = LexemeFrequencies.load()
    # Unknown lexemes are rarer than every listed one; among equals, a longer stem is more specific.
    by_rarity = sorted(words, key=lambda w: (frequencies.get(w, floor / 2), -len(w), w))
    telling = [w for w in by_rarity if frequencies.get(w, 0) <= COMMON_LEXEME]
    return (telling or by_rarity)[:SIMILAR_LEXEMES]




def ts_or(words: list[str]) -> str:
    """`'a' | 'b'` for `to_tsquery('simple', …)`: the lexemes are already stemmed, `simple` keeps them."""
    return " | ".join(f"'{w}'" for w in sorted(words))


class SharesWords(Func):
    """`coalesce(search_vector @@ query, false)`: the same test as `@@`, which the full-text index
    cannot answer. On a thousand candidate rows, checking each row is cheap; asking the index would
    make PostgreSQL read every message containing any of the words."""

    template = "coalesce(%(expressions)s, false)"
    output_field = BooleanField()

    def __init__(self, query: SearchQuery):
        match = Func(F("search_vector"), query, function="", arg_joiner=" @@ ", output_field=BooleanField())
        super().__init__(match)


def similar_text(user, message: Message, *, limit: int = RELATED_LIMIT) -> list[Message]:
    """Messages of the same sector within 90 days of this one whose text is closest to it.

    The candidates are the latest SIMILAR_CANDIDATES messages of the sector the user may see in the
    window (for a new message, those just before it); those sharing a telling word are ranked by
    `ts_rank`. The cap keeps a card as fast in a sector of 100 000 messages a quarter as in one of
    100.
    """
    lexemes = getattr(message, "lexemes", None)
    if lexemes is None:
        lexemes = Message.objects.filter(pk=message.pk).values_list(Func(F("search_vector"), function="tsvector_to_array"), flat=True).first()
    words = similarity_words(lexemes)
    if not words:
        return []
    query = SearchQuery(ts_or(words), config="simple", search_type="raw")
    # 90 days around the message: for a new one, the last 90 days; an old one is compared with
    # its own time, when its duplicates and its mass problem were written.
    start, end = message.registered_at - timedelta(days=SIMILAR_DAYS), message.registered_at + timedelta(days=SIMILAR_DAYS)
    # The window is read as one range of one index, and nothing else is asked of that read:
    # (agency_id, registered_at) for agency staff, who see one agency's messages,
    # (sector_id, registered_at) for everyone else, as a range of (key, time) rows that only that
    # index can serve. Given a plain range of dates, an equality on the key or a second condition,
    # PostgreSQL (under the default random_page_cost) walks the whole region's messages by date or
    # combines two indexes of a hundred thousand entries each: 70–400 ms instead of 2–8.
    if access_for(user).is_agency_staff_only and message.agency_id:
        column, value = "agency_id", message.agency_id
    elif message.sector_id:
        column, value = "sector_id", message.sector_id
    else:
        column, value = None, None
    if column:
        # (value, start) <= (column, registered_at) <= (value, end) already means column = value;
        # said that way, no other index can give the rows in this order.
        window = Message.objects.filter(
            RowCompare((column, "registered_at"), ">=", (Value(value), Value(start))),
            RowCompare((column, "registered_at"), "<=", (Value(value), Value(end))),
        ).order_by(f"-{column}", "-registered_at")
    else:
        # Unclassified messages are compared with the unclassified ones.
        window = Message.objects.filter(sector_id__isnull=True, registered_at__gte=start, registered_at__lte=end).order_by("-registered_at")
    candidates = window.values("id")[:SIMILAR_CANDIDATES]
    # What the user may see, the same sector and a shared word are checked on those rows only.
    qs = visible_messages(user).filter(SharesWords(query), pk__in=candidates).exclude(pk=message.pk)
    qs = qs.filter(sector_id=message.sector_id) if message.sector_id else qs.filter(sector_id__isnull=True)
    qs = qs.annotate(rank=SearchRank(F("search_vector"), query))
    return list(_related_rows(qs).order_by("-rank", "-registered_at", "-id")[:limit])


@dataclass
class Related:
    same_author: list[Message] = field(default_factory=list)
    same_place: list[Message] = field(default_factory=list)
    similar: list[Message] = field(default_factory=list)
    author_hidden: bool = False

    @property
    def empty(self) -> bool:
        return not (self.same_author or self.same_place or self.similar)


def related_messages(user, message: Message) -> Related:
    """The three lists of related messages. "Same author" is derived from personal data, so it is
    shown only to those who may see the author (152-ФЗ)."""
    may_see_author = can_see_personal_data(user, message)
    return Related(
        same_author=same_author(user, message) if may_see_author else [],
        same_place=same_place(user, message),
        similar=similar_text(user, message),
        author_hidden=not may_see_author,
    )


# ---- the card as a whole ---------------------------------------------------------------------


def safe_source_url(url: str) -> str:
    """Only http(s) links are shown: a `javascript:` or `data:` URL from an import is not a link."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


@dataclass
class CardData:
    message: Message
    personal: dict[str, str] | None
    # The view of the author's data was written to the 152-ФЗ journal (agency staff).
    personal_logged: bool
    history: list[HistoryItem]
    answers: list[Answer]
    related: Related
    source_url: str
    now: datetime


def card_data(user, message: Message, *, now: datetime | None = None) -> CardData:
    """Everything the card shows about the message. Opening the author's data by agency staff is
    logged by `personal_data_for`."""
    now = now or timezone.now()
    personal = personal_data_for(user, message)
    access = access_for(user)
    return CardData(
        message=message,
        personal=personal,
        personal_logged=personal is not None and not (access.is_superuser or access.roles & PERSONAL_DATA_ROLES),
        history=card_history(message),
        answers=card_answers(message),
        related=related_messages(user, message),
        source_url=safe_source_url(message.source_url),
        now=now,
    )
