"""Reads for the message queue: filters, Russian full-text search, keyset pages, quick-filter counts.

Everything starts from `feedback.access.visible_messages(user)`, so a filter can only narrow what the
user may see: an agency executor asking for another agency's messages gets nothing, not an error
that would tell him they exist.

How it stays fast at millions of rows:

- without a state filter the queue shows open messages, with exactly the `status IN (…open…)`
  predicate of the partial indexes `message_open_deadline`, `message_open_sector`,
  `message_open_agency`; a narrower state filter implies it, so PostgreSQL still uses them;
- pages are keyset pages: the next page starts after the last row's (deadline_at, id) or
  (registered_at, id), compared as a row value that the B-tree reads directly; no OFFSET, so the
  hundredth page costs what the first one does;
- the counts beside the quick filters are one aggregate over the open messages (COUNT … FILTER);
- the rows carry only the columns the page shows (never the author's personal data) and the
  names of their sector, category, channel, municipality and agency joined in the same query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from cur.moments import Period
from feedback.access import visible_messages
from feedback.models import OPEN_STATUSES, Message, MessageStatus
from feedback.selectors.expressions import RowCompare
from feedback.selectors.suggestions import flagged_tone

PAGE_SIZE = 50
# A row shows the start of the text: two lines of the table at most.
EXCERPT_CHARS = 220
OPEN = sorted(OPEN_STATUSES)

ORDER_DEADLINE = "deadline"
ORDER_NEWEST = "newest"

DUE_OVERDUE = "overdue"
DUE_TODAY = "today"
DUE_SOON = "soon"
DEFAULT_SOON_DAYS = 3

# A query with more words than this is cut: each word is one more GIN lookup.
MAX_SEARCH_WORDS = 8
_NUMBER = re.compile(r"^\s*(?:№|N|#)?\s*(\d{1,18})\s*$", re.IGNORECASE)
# Letters and digits of any alphabet, without the underscore: nothing of tsquery syntax survives.
_WORD = re.compile(r"[^\W_]+")


# ---- what the user asked for ----------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the last row's ordering moment (None: no deadline) and id."""

    moment: datetime | None
    id: int

    def encode(self) -> str:
        """Microseconds since the epoch and the id: short, exact, and the same in every time zone."""
        if self.moment is None:
            return f"n_{self.id}"
        micros = (self.moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
        return f"{micros}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        match = re.fullmatch(r"(n|-?\d{1,19})_(\d{1,19})", text.strip())
        if not match:
            raise ValueError(text)
        moment = None
        if match[1] != "n":
            moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(match[1]))
        return cls(moment, int(match[2]))


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters, already validated (feedback.forms.queue). Empty means "any"."""

    statuses: tuple[str, ...] = ()
    include_closed: bool = False
    sector_id: int | None = None
    category_id: int | None = None
    channel_id: int | None = None
    kind_id: int | None = None
    municipality_id: int | None = None
    agency_id: int | None = None
    due: str = ""
    due_days: int = DEFAULT_SOON_DAYS
    unrouted: bool = False
    unclassified: bool = False
    tone: bool = False  # only messages flagged for threats, obscenity or conflict
    registered_from: date | None = None
    registered_to: date | None = None
    search: str = ""
    order: str = ORDER_DEADLINE
    after: Cursor | None = None

    @property
    def number(self) -> int | None:
        return message_number(self.search)


@dataclass
class QueuePage:
    rows: list[Message]
    next_cursor: Cursor | None
    is_first: bool
    query: QueueQuery = field(default_factory=QueueQuery)


# ---- search --------------------------------------------------------------------------------


def message_number(text: str) -> int | None:
    """«123», «00000123», «№ 123», «#123» → 123: the search is a message number, not words."""
    match = _NUMBER.match(text or "")
    return int(match[1]) if match else None


def search_tsquery(text: str) -> str | None:
    """The words of a search as a tsquery string for `to_tsquery('russian', …)`, or None if no words.

    Each word becomes a prefix of its stem (`мусор:*`), so «мусор» finds «мусора» and «мусорные»
    (stem «мусорн»), and a half-typed «отопл» finds «отопления». Words are ANDed, as a web search
    does; «-слово» excludes it. Only letters and digits reach the tsquery, so no input can make a
    syntax error. Stop words («и», «на») are dropped by PostgreSQL itself.
    """
    positive: list[str] = []
    negative: list[str] = []
    for token in (text or "").split():
        target = negative if token.startswith("-") else positive
        for word in _WORD.findall(token):
            target.append(word.lower())
    if not positive:
        # "Everything without X" is a scan of the whole table: a search needs at least one word.
        return None
    terms = [f"{w}:*" for w in positive[:MAX_SEARCH_WORDS]]
    terms += [f"!{w}:*" for w in negative[:MAX_SEARCH_WORDS]]
    return " & ".join(terms)


# ---- the rows -----------------------------------------------------------------------------




def _region_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def filtered_messages(user, query: QueueQuery, *, now: datetime | None = None) -> QuerySet:
    """The user's messages that match every filter, unordered."""
    qs = visible_messages(user)
    number = query.number
    if query.statuses:
        qs = qs.filter(status__in=sorted(query.statuses))
    elif not query.include_closed and number is None:
        # A number names one message: it is found whatever its state.
        qs = qs.filter(status__in=OPEN)
    open_only = query.unrouted or query.unclassified or query.due
    if open_only and (query.statuses or query.include_closed or number is not None):
        qs = qs.filter(status__in=OPEN)
    for name in ("sector_id", "category_id", "channel_id", "kind_id", "municipality_id", "agency_id"):
        value = getattr(query, name)
        if value is not None:
            qs = qs.filter(**{name: value})
    if query.unrouted:
        qs = qs.filter(agency_id__isnull=True)
    if query.unclassified:
        qs = qs.filter(category_id__isnull=True)
    if query.tone:
        qs = qs.filter(flagged_tone())
    if query.due:
        qs = qs.filter(_due_condition(query, Period.at(now)))
    if query.registered_from:
        qs = qs.filter(registered_at__gte=_region_midnight(query.registered_from))
    if query.registered_to:
        qs = qs.filter(registered_at__lt=_region_midnight(query.registered_to + timedelta(days=1)))
    if number is not None:
        qs = qs.filter(id=number)
    elif query.search:
        tsquery = search_tsquery(query.search)
        if tsquery is None:
            return qs.none()
        qs = qs.filter(search_vector=SearchQuery(tsquery, config="russian", search_type="raw"))
    return qs


def _due_condition(query: QueueQuery, period: Period) -> Q:
    if query.due == DUE_OVERDUE:
        return Q(deadline_at__lt=period.now)
    if query.due == DUE_TODAY:
        return Q(deadline_at__gte=period.now, deadline_at__lt=period.tomorrow_start)
    if query.due == DUE_SOON:
        # «Within N days» counts today as the first day, as the home page's «ближайшие 3 дня».
        end = _region_midnight(timezone.localtime(period.now).date() + timedelta(days=max(query.due_days, 1)))
        return Q(deadline_at__gte=period.now, deadline_at__lt=end)
    raise ValueError(query.due)


def _with_columns(qs: QuerySet) -> QuerySet:
    """Only what a row shows; the author's personal data is not even read."""
    return (
        qs.select_related("channel", "sector", "category", "municipality", "agency")
        .only(
            "id", "number", "received_at", "registered_at", "status", "deadline_at", "is_overdue",
            "deadline_extended", "returned_count",
            "channel__name", "sector__name", "sector__short_name", "category__name",
            "municipality__name", "agency__name", "agency__short_name",
        )
        # One character more than shown, to know whether the text goes on.
        .annotate(snippet=Substr("text", 1, EXCERPT_CHARS + 1))
    )


def queue_page(user, query: QueueQuery, *, now: datetime | None = None, limit: int = PAGE_SIZE) -> QueuePage:
    """One page of the queue and where the next one starts. One query, two on the page where the
    messages with a deadline end and those without one begin."""
    base = _with_columns(filtered_messages(user, query, now=now))
    after = query.after
    if query.order == ORDER_NEWEST:
        qs = base.order_by("-registered_at", "-id")
        if after is not None and after.moment is not None:
            qs = qs.filter(RowCompare(("registered_at", "id"), "<", (after.moment, after.id)))
        rows = list(qs[: limit + 1])
        key = "registered_at"
    else:
        rows = _deadline_rows(base, after, limit)
        key = "deadline_at"
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = Cursor(getattr(last, key), last.id)
    return QueuePage(rows=rows, next_cursor=next_cursor, is_first=after is None, query=query)


def _deadline_rows(base: QuerySet, after: Cursor | None, limit: int) -> list[Message]:
    """Soonest deadline first, messages without a deadline last (NULLS LAST), each part by id.

    The two parts are read separately: a row comparison cannot say "or NULL" without an OR that
    would stop PostgreSQL reading the deadline index in order.
    """
    rows: list[Message] = []
    if after is None or after.moment is not None:
        dated = base.filter(deadline_at__isnull=False).order_by("deadline_at", "id")
        if after is not None:
            dated = dated.filter(RowCompare(("deadline_at", "id"), ">", (after.moment, after.id)))
        rows = list(dated[: limit + 1])
        if len(rows) > limit:
            return rows
    undated = base.filter(deadline_at__isnull=True).order_by("id")
    if after is not None and after.moment is None:
        undated = undated.filter(id__gt=after.id)
    return rows + list(undated[: limit + 1 - len(rows)])


def excerpt(snippet: str) -> str:
    """The start of a message's text for its row, «…» where it was cut."""
    text = " ".join((snippet or "").split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[: EXCERPT_CHARS - 1].rstrip() + "…"


def first_page(query: QueueQuery) -> QueueQuery:
    return replace(query, after=None)


# ---- counts beside the quick filters ------------------------------------------------------

QUICK_COUNTS = ("open", "unclassified", "unrouted", "overdue", "due_today", "answered", "returned")


def queue_counts(user, *, now: datetime | None = None) -> dict[str, int]:
    """Open messages of the user's scope by quick filter, in one aggregate query.

    Counted over the scope, not over the current filters: the figures say where work is waiting,
    whatever the operator is looking at now.
    """
    period = Period.at(now)
    # COUNT(status) (never NULL, so the same as COUNT(*), which Django refuses with FILTER), not
    # COUNT(id): every column the aggregate reads is then in the covering index
    # `message_open_counts`, and PostgreSQL answers from the index alone, without the table.
    return visible_messages(user).filter(status__in=OPEN).aggregate(
        open=Count("status"),
        unclassified=Count("status", filter=Q(category_id__isnull=True)),
        unrouted=Count("status", filter=Q(agency_id__isnull=True)),
        overdue=Count("status", filter=Q(deadline_at__lt=period.now)),
        due_today=Count("status", filter=Q(deadline_at__gte=period.now, deadline_at__lt=period.tomorrow_start)),
        answered=Count("status", filter=Q(status=MessageStatus.ANSWERED)),
        returned=Count("status", filter=Q(status=MessageStatus.RETURNED)),
    )
