"""The demo data generator: residents' messages with their answers and history, a million in minutes.

How it stays fast: every attribute of a chunk of messages is drawn at once with numpy; each
message's whole life is a row of timestamps (registered, classified, routed, answered, …), and
its state is simply the last step that happened before «now». Rows go to PostgreSQL with COPY
from in-memory buffers, sent by a background thread so that Python builds the next chunk while
the server stores the previous one (the two cores work at the same time).

Everything is read from the reference tables (channels, kinds, sectors, categories,
municipalities, agencies, routing rules, users): nothing is named here. The words come from
`feedback.demo.vocabulary`.

Deterministic: the same seed, message count, months and «now» give the same rows (ids and
created_at aside). Runs inside the caller's transaction when there is one (tests), otherwise in
its own.
"""

from __future__ import annotations

import io
import queue
import threading
import time
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Protocol

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from psycopg2 import sql

from cur.roles import RoleCode
from feedback import calendar as production_calendar
from feedback import deadlines as deadline_rules
from feedback.models import (
    AnswerKind,
    AnswerReview,
    Channel,
    DeadlineUnit,
    EventKind,
    MessageKind,
    MessageStatus,
)
from sectors.models import Agency, Category, Municipality, RoleAssignment, RoutingRule, Sector

from . import vocabulary as words

HOUR = 3600
DAY = 86400
# "This step never happens": far beyond any real time, and adding delays to it cannot overflow.
NEVER = np.int64(1 << 60)
# Moments are clipped to this (year 3058) before formatting: NEVER itself is written as NULL.
FAR_FUTURE = np.int64(1 << 35)
CHUNK_SIZE = 50_000
# COPY reads its buffer in blocks this big: few reads, so the copying thread rarely needs the GIL.
COPY_BLOCK = 8 << 20
# Above this many messages (and when the load is at least as big as the table) dropping the
# secondary indexes and building them afterwards is cheaper than updating them row by row.
REBUILD_INDEXES_FROM = 100_000
NULL = "\\N"
# Suggested mass problems in the demo: per chunk of messages, up to this many houses with
# MASS_SIZE messages each about one problem, among the messages of the last MASS_DAYS days (one
# house per MASS_ROWS_PER_PROBLEM such messages, so a small demo gets one or two).
MASS_PROBLEMS_PER_CHUNK = 6
MASS_ROWS_PER_PROBLEM = 40
MASS_SIZE = (3, 7)
MASS_DAYS = 6
TABLES = ("feedback_message", "feedback_messageevent", "feedback_answer")

MESSAGE_COLUMNS = (
    "id", "channel_id", "kind_id", "external_id", "received_at", "registered_at",
    "author_name", "author_email", "author_phone", "author_address", "author_handle",
    "text", "address", "municipality_id", "source_url", "sector_id", "category_id", "agency_id",
    "status", "deadline_at", "first_response_due_at", "first_response_at", "answered_at", "closed_at",
    "is_overdue", "deadline_extended", "duplicate_of_id", "rating", "solved", "rated_at",
    "returned_count", "reopened_count",
)
EVENT_COLUMNS = ("message_id", "at", "actor_id", "actor_role", "kind", "from_status", "to_status", "note", "data")
ANSWER_COLUMNS = (
    "message_id", "agency_id", "author_id", "kind", "text", "created_at",
    "review", "return_reason", "review_note", "reviewed_by_id", "reviewed_at",
)

STATUSES = [s.value for s in MessageStatus]
ST = {s: i for i, s in enumerate(STATUSES)}
OPEN_CODES = np.array([ST[s.value] for s in MessageStatus if s.value not in {
    MessageStatus.REJECTED, MessageStatus.CLOSED, MessageStatus.FORWARDED, MessageStatus.DUPLICATE, MessageStatus.MERGED,
}])

# What happens to a message at moderation.
NORMAL, REJECTED, DUPLICATE, FORWARDED = range(4)
PLATFORM, INCIDENT, APPEAL = range(3)
STYLES = ("platform", "social", "messenger", "media", "email", "phone", "letter", "form")
STYLE = {s: i for i, s in enumerate(STYLES)}
# Channels whose items carry the source system's number.
EXTERNAL_ID_STYLES = np.array([STYLE[s] for s in ("platform", "social", "messenger", "media", "form")])


class ReferenceMissing(Exception):
    """The reference tables are empty: the generator has nothing to build messages from."""


@dataclass(frozen=True)
class Profile:
    """How messages of one kind live: delays are (median seconds, spread), probabilities 0…1."""

    registration: tuple[float, float]
    registration_cap: int
    classify: tuple[float, float]
    route: tuple[float, float]
    take: tuple[float, float]
    rejected: float
    duplicate: float
    forwarded: float
    interim: float
    rating: float
    reopen: float
    # Beta distribution of the on-time answer moment inside the deadline window.
    answer_shape: tuple[float, float]


# Indexed by PLATFORM, INCIDENT, APPEAL. An incident must get a first reply within hours, so its
# triage is fast; a 59-ФЗ appeal may be registered up to three days after it arrived.
PROFILES = (
    Profile((20 * 60, 1.0), 2 * DAY, (2 * HOUR, 1.0), (1.5 * HOUR, 1.0), (5 * HOUR, 1.0),
            0.03, 0.03, 0.015, 0.12, 0.62, 0.5, (2.5, 1.8)),
    Profile((10 * 60, 1.0), DAY, (30 * 60, 0.8), (20 * 60, 0.8), (HOUR, 0.8),
            0.06, 0.03, 0.01, 0.75, 0.45, 0.2, (1.5, 3.0)),
    Profile((DAY, 1.0), 3 * DAY, (4 * HOUR, 1.0), (3 * HOUR, 1.0), (DAY, 0.8),
            0.02, 0.02, 0.04, 0.15, 0.35, 0.15, (3.0, 1.5)),
)
EXTENSION_SHARE = 0.06


# ---------------------------------------------------------------------------------------------
# Reference data


@dataclass(frozen=True)
class KindRule:
    id: int
    term: int
    unit: str
    first_response_hours: int | None
    extendable: bool


@dataclass
class TextTables:
    """The vocabulary flattened: per topic an offset and a count into each list of templates."""

    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    offsets: dict[str, list[int]] = field(default_factory=lambda: {"problems": [], "details": [], "requests": [], "answers": []})
    counts: dict[str, list[int]] = field(default_factory=lambda: {"problems": [], "details": [], "requests": [], "answers": []})
    at_address: list[bool] = field(default_factory=list)

    def add(self, topic: words.Topic, sector: words.SectorWords) -> int:
        # A topic's own words first; the sector's general ones add variety to details and stand in
        # for requests and answers a topic does not have.
        parts = {
            "problems": topic.problems,
            "details": topic.details + sector.details,
            "requests": topic.requests or sector.requests or words.GENERIC_SECTOR.requests,
            "answers": topic.answers or sector.answers or words.GENERIC_SECTOR.answers,
        }
        for name, items in parts.items():
            if not items and name != "details":
                raise ValueError(f"В словаре нет шаблонов «{name}» для темы {topic.keywords or 'прочие'}.")
            table = getattr(self, name)
            self.offsets[name].append(len(table))
            self.counts[name].append(len(items))
            table.extend(items)
        self.at_address.append(topic.at_address)
        return len(self.at_address) - 1

    def pick(self, name: str, topic: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """An index into the list `name` for each message, among its topic's templates."""
        offsets = np.asarray(self.offsets[name])[topic]
        counts = np.asarray(self.counts[name])[topic]
        return np.where(counts > 0, offsets + (rng.random(len(topic)) * counts).astype(np.int64), -1)


@dataclass
class Reference:
    kinds: list[KindRule]
    channel_ids: np.ndarray
    channel_names: list[str]
    channel_kind: np.ndarray
    channel_profile: np.ndarray
    channel_style: np.ndarray
    channel_weight: np.ndarray
    category_ids: np.ndarray
    category_sector: np.ndarray
    category_names: list[str]
    category_topic: np.ndarray
    category_weight: np.ndarray  # 12 × categories: share of each category in each month
    texts: TextTables
    municipality_ids: np.ndarray
    municipality_names: list[str]
    municipality_town: np.ndarray
    municipality_weight: np.ndarray
    agency_ids: np.ndarray
    agency_names: list[str]
    agency_quality: np.ndarray
    route: np.ndarray  # categories × (municipalities + 1): agency index or -1; last column: no place
    operators: np.ndarray
    executors: list[np.ndarray]


def copy_escape(value: str) -> str:
    """Text for PostgreSQL COPY: reference names come from the database and may hold anything."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _matches(keywords: Sequence[str], text: str) -> bool:
    return any(k in text for k in keywords)


def channel_profile(kind: MessageKind) -> int:
    """Which life a channel's messages lead, judged by its kind's rules, not by its name.

    A first-response term marks incidents (social networks, media); working days without an
    extension mark the feedback platform; the rest are appeals under 59-ФЗ.
    """
    if kind.first_response_hours:
        return INCIDENT
    if kind.answer_unit == DeadlineUnit.WORKING_DAYS and not kind.extendable:
        return PLATFORM
    return APPEAL


def _channel_hint(channel: Channel, profile: int) -> tuple[float, str]:
    text = f"{channel.code} {channel.name}".lower()
    for hint in words.CHANNEL_HINTS:
        if _matches(hint.keywords, text):
            return hint.weight, hint.style
    return words.DEFAULT_HINTS[("platform", "incident", "appeal")[profile]]


def _sector_words(sector: Sector) -> words.SectorWords:
    text = f"{sector.name} {sector.short_name} {sector.code}".lower()
    for candidate in words.SECTORS:
        if _matches(candidate.keywords, text):
            return candidate
    return words.GENERIC_SECTOR


def _topic_of(category: Category, sector_words: words.SectorWords) -> words.Topic:
    if category.is_other:
        return sector_words.other
    text = f"{category.name} {category.code}".lower()
    for topic in sector_words.topics:
        if _matches(topic.keywords, text):
            return topic
    return sector_words.other


def _leaf_categories() -> list[Category]:
    """Active categories without active subcategories: messages are classified to the most specific one."""
    categories = list(
        Category.objects.filter(is_active=True, sector__is_active=True).select_related("sector").order_by("sector__code", "code")
    )
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.id not in parents]


# Share of a sector's messages that lands in its «прочие по направлению».
OTHER_SHARE = 0.06


def _category_tables(categories: list[Category], texts: TextTables) -> tuple[np.ndarray, np.ndarray]:
    """(topic index per category, 12 × categories matrix of monthly shares)."""
    sector_words = {c.sector_id: _sector_words(c.sector) for c in categories}
    topics = [_topic_of(c, sector_words[c.sector_id]) for c in categories]
    # Subcategories sharing a topic share its weight: «Нет отопления» and «Слабое отопление» do
    # not make heating twice as frequent.
    same_topic: dict[tuple[int, int], int] = {}
    for c, t in zip(categories, topics, strict=True):
        same_topic[(c.sector_id, id(t))] = same_topic.get((c.sector_id, id(t)), 0) + 1
    base = np.array([t.weight / same_topic[(c.sector_id, id(t))] for c, t in zip(categories, topics, strict=True)])
    is_other = np.array([t is sector_words[c.sector_id].other for c, t in zip(categories, topics, strict=True)])
    sector_ids = np.array([c.sector_id for c in categories])
    share = np.zeros(len(categories))
    for sector_id, sw in sector_words.items():
        inside = sector_ids == sector_id
        for part, weight in ((inside & ~is_other, 1 - OTHER_SHARE), (inside & is_other, OTHER_SHARE)):
            if part.any():
                share[part] = base[part] / base[part].sum() * weight
        share[inside] *= sw.share / share[inside].sum()
    season = np.array([t.season for t in topics]).T  # 12 × categories
    monthly = season * share
    monthly /= monthly.sum(axis=1, keepdims=True)
    topic_index = {}
    indices = []
    for c, t in zip(categories, topics, strict=True):
        key = (id(t), id(sector_words[c.sector_id]))
        if key not in topic_index:
            topic_index[key] = texts.add(t, sector_words[c.sector_id])
        indices.append(topic_index[key])
    return np.array(indices), monthly


def _routing(categories: list[Category], municipality_ids: np.ndarray, agency_index: dict[int, int]) -> np.ndarray:
    """The routing rules as a matrix, with the precedence of sectors.services.routing.suggest_agency:
    own category before the parent's, a municipality's rule before the category's fallback."""
    rules = {}
    for rule in RoutingRule.objects.filter(is_active=True, agency__is_active=True).values_list("category_id", "municipality_id", "agency_id"):
        rules[(rule[0], rule[1])] = agency_index.get(rule[2], -1)
    route = np.full((len(categories), len(municipality_ids) + 1), -1, dtype=np.int64)
    places = [*municipality_ids.tolist(), None]
    for ci, category in enumerate(categories):
        chain = [category.id] + ([category.parent_id] if category.parent_id else [])
        for mi, place in enumerate(places):
            for candidate in chain:
                found = rules.get((candidate, place), -1) if place is not None else -1
                if found < 0:
                    found = rules.get((candidate, None), -1)
                if found >= 0:
                    route[ci, mi] = found
                    break
    return route


def _users() -> tuple[np.ndarray, dict[int, list[int]]]:
    """(operators' user ids, agency id → its executors' user ids) of active portal accounts."""
    assignments = (
        RoleAssignment.objects.filter(
            role__code__in=[RoleCode.OPERATOR, RoleCode.AGENCY_EXECUTOR], official__user__isnull=False,
            official__user__is_active=True, official__is_active=True,
        )
        .order_by("official__user__username")
        .values_list("role__code", "official__user_id", "official__agency_id")
    )
    operators: list[int] = []
    executors: dict[int, list[int]] = {}
    for code, user_id, agency_id in assignments:
        if code == RoleCode.OPERATOR:
            operators.append(user_id)
        elif agency_id:
            executors.setdefault(agency_id, []).append(user_id)
    return np.array(operators, dtype=np.int64), executors


def _missing_reference(kinds, channels, categories, municipalities, agencies) -> None:
    missing = [name for name, items in (
        ("виды сообщений", kinds), ("каналы с видом сообщения по умолчанию", channels), ("категории", categories),
        ("муниципальные образования", municipalities), ("органы", agencies),
    ) if not items]
    if missing:
        raise ReferenceMissing(
            f"Нет справочных данных ({', '.join(missing)}). Сначала выполните "
            "«python manage.py load_reference», затем «python manage.py load_demo_region»."
        )


def load_reference(seed: int) -> Reference:
    kinds_qs = list(MessageKind.objects.order_by("code"))
    channels = list(Channel.objects.filter(is_active=True, default_kind__isnull=False).select_related("default_kind").order_by("code"))
    categories = _leaf_categories()
    municipalities = list(Municipality.objects.filter(is_active=True).order_by("oktmo"))
    # A municipality containing others is represented by its parts.
    parents = {m.parent_id for m in municipalities if m.parent_id}
    municipalities = [m for m in municipalities if m.id not in parents]
    agencies = list(Agency.objects.filter(is_active=True).order_by("name"))
    _missing_reference(kinds_qs, channels, categories, municipalities, agencies)
    if not RoutingRule.objects.filter(is_active=True).exists():
        raise ReferenceMissing(
            "Нет правил маршрутизации. Выполните «python manage.py load_demo_region» (после «python manage.py load_reference»)."
        )

    kind_index = {k.id: i for i, k in enumerate(kinds_qs)}
    kinds = [KindRule(k.id, k.answer_term, k.answer_unit, k.first_response_hours, k.extendable) for k in kinds_qs]
    profiles = [channel_profile(c.default_kind) for c in channels]
    hints = [_channel_hint(c, p) for c, p in zip(channels, profiles, strict=True)]

    texts = TextTables()
    category_topic, category_weight = _category_tables(categories, texts)

    population = np.array([m.population or 0 for m in municipalities], dtype=float)
    known = population[population > 0]
    population[population <= 0] = np.median(known) if len(known) else 1.0
    municipality_ids = np.array([m.id for m in municipalities], dtype=np.int64)

    agency_index = {a.id: i for i, a in enumerate(agencies)}
    # Agencies differ: a well-run one answers on time, rarely gets answers returned and earns
    # better ratings, so the monthly rating has something to show.
    quality = np.random.default_rng([seed, 3]).beta(6.0, 2.5, len(agencies))
    operators, executors = _users()
    return Reference(
        kinds=kinds,
        channel_ids=np.array([c.id for c in channels], dtype=np.int64),
        channel_names=[copy_escape(c.name) for c in channels],
        channel_kind=np.array([kind_index[c.default_kind_id] for c in channels]),
        channel_profile=np.array(profiles),
        channel_style=np.array([STYLE[h[1]] for h in hints]),
        channel_weight=np.array([h[0] for h in hints], dtype=float),
        category_ids=np.array([c.id for c in categories], dtype=np.int64),
        category_sector=np.array([c.sector_id for c in categories], dtype=np.int64),
        category_names=[copy_escape(c.name) for c in categories],
        category_topic=category_topic,
        category_weight=category_weight,
        texts=texts,
        municipality_ids=municipality_ids,
        municipality_names=[copy_escape(m.name) for m in municipalities],
        # A one-word urban district is a town: «г. Ржев, ул. …»; the rest get villages.
        municipality_town=np.array([m.kind == "urban_district" and " " not in m.name.strip() for m in municipalities]),
        municipality_weight=population / population.sum(),
        agency_ids=np.array([a.id for a in agencies], dtype=np.int64),
        agency_names=[copy_escape(a.short_name or a.name) for a in agencies],
        agency_quality=quality,
        route=_routing(categories, municipality_ids, agency_index),
        operators=operators,
        executors=[np.array(executors.get(a.id, []), dtype=np.int64) for a in agencies],
    )


# ---------------------------------------------------------------------------------------------
# Time: the region's days, the production calendar, deadlines


class Clock:
    """Local days around the generated period, with their working-day flags and deadline tables.

    Deadlines follow feedback.deadlines exactly: day-based ones are looked up in a table built by
    calling `answer_deadline` once per (kind, registration day) — a few hundred calls instead of
    one per message; hour-based ones are counted over the same calendar with arrays.
    """

    def __init__(self, *, now: datetime, months: int, horizon_days: int):
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.now = int(now.timestamp())
        today = now.astimezone(self.tz).date()
        self.first_day = _months_before(today, months)
        self.today = (today - self.first_day).days
        last = today + timedelta(days=horizon_days)
        self.days = [self.first_day + timedelta(days=i) for i in range((last - self.first_day).days + 1)]
        self.midnight = np.array([datetime.combine(d, dtime(0), self.tz).timestamp() for d in self.days], dtype=np.int64)
        calendar = deadline_rules.DEFAULT_CALENDAR
        self.working = np.array([calendar.is_working_day(d) for d in self.days])
        self.open_s = _seconds(production_calendar.WORKDAY_START)
        self.span = _seconds(production_calendar.WORKDAY_END) - self.open_s
        # Working seconds before each day; the ends of working days, for searching.
        self.work_before = np.concatenate([[0], np.cumsum(self.working * self.span)]).astype(np.int64)
        self.work_days = np.flatnonzero(self.working)
        self.work_ends = self.work_before[self.work_days] + self.span
        self._tables: dict[int, np.ndarray] = {}

    def day_of(self, moments: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.midnight, moments, side="right") - 1

    def add_working_hours(self, moments: np.ndarray, hours: float) -> np.ndarray:
        """ProductionCalendar.add_working_hours for many moments at once (09:00–18:00 of working days).

        Local clock times are turned into instants with the day's midnight offset: exact in every
        zone without daylight saving, as all Russian zones are since 2014.
        """
        day = self.day_of(moments)
        since_midnight = moments - self.midnight[day]
        position = self.work_before[day] + np.where(self.working[day], np.clip(since_midnight - self.open_s, 0, self.span), 0)
        target = position + int(round(hours * HOUR))
        k = np.searchsorted(self.work_ends, target, side="left")
        if (k >= len(self.work_days)).any():
            raise ValueError("Горизонт календаря мал для такого срока в рабочих часах.")
        end_day = self.work_days[k]
        return self.midnight[end_day] + self.open_s + (target - self.work_before[end_day])

    def day_table(self, rule: KindRule) -> np.ndarray:
        """Answer deadline (epoch seconds) for a registration on each day up to today."""
        key = rule.id
        if key not in self._tables:
            self._tables[key] = np.array([
                deadline_rules.answer_deadline(datetime.combine(d, dtime(12), self.tz), rule.term, rule.unit).timestamp()
                for d in self.days[: self.today + 1]
            ], dtype=np.int64)
        return self._tables[key]

    def deadlines(self, kinds: list[KindRule], kind: np.ndarray, registered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(answer deadline, first-response deadline or NEVER) per message."""
        answer = np.empty(len(kind), dtype=np.int64)
        first = np.full(len(kind), NEVER, dtype=np.int64)
        day = self.day_of(registered)
        for k, rule in enumerate(kinds):
            mine = kind == k
            if not mine.any():
                continue
            if rule.unit == DeadlineUnit.WORKING_HOURS:
                answer[mine] = self.add_working_hours(registered[mine], rule.term)
            else:
                answer[mine] = self.day_table(rule)[day[mine]]
            if rule.first_response_hours:
                first[mine] = self.add_working_hours(registered[mine], rule.first_response_hours)
        return answer, first


def _seconds(moment: dtime) -> int:
    return moment.hour * HOUR + moment.minute * 60 + moment.second


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def sample_received(rng: np.random.Generator, n: int, clock: Clock) -> np.ndarray:
    """When the messages arrived: more on weekdays and in the cold season, a slow growth over the
    period, daytime hours; sorted, so message ids follow time as in a live system."""
    days = clock.days[: clock.today + 1]
    weights = np.empty(len(days))
    for i, day in enumerate(days):
        weekday = words.WEEKDAY[day.weekday()]
        if not clock.working[i]:
            weekday = min(weekday, words.HOLIDAY)
        weights[i] = weekday * words.VOLUME[day.month - 1] * (1 + 0.2 * i / max(len(days) - 1, 1))
    elapsed_today = clock.now - clock.midnight[clock.today]
    weights[-1] *= elapsed_today / DAY
    day_index = np.repeat(np.arange(len(days)), rng.multinomial(n, weights / weights.sum()))
    hours = np.asarray(words.HOURS) / sum(words.HOURS)
    seconds = rng.choice(24, size=n, p=hours) * HOUR + rng.integers(0, HOUR, size=n)
    today = day_index == clock.today
    seconds[today] = seconds[today] * elapsed_today // DAY
    return np.sort(clock.midnight[day_index] + seconds)


# ---------------------------------------------------------------------------------------------
# One chunk of messages


@dataclass
class ChunkRows:
    messages: bytes
    events: bytes
    answers: bytes
    message_count: int
    event_count: int
    answer_count: int


def _delay(rng: np.random.Generator, median, spread, n: int) -> np.ndarray:
    """Lognormal delays in seconds (at least one): most are near the median, a few are much longer."""
    return np.maximum(1, (np.asarray(median, dtype=float) * np.exp(spread * rng.standard_normal(n)))).astype(np.int64)


def _after(base: np.ndarray, delay: np.ndarray) -> np.ndarray:
    return np.where(base >= NEVER, NEVER, base + delay)


def _stamps(moments: np.ndarray, present: np.ndarray | None = None) -> list[str]:
    text = np.datetime_as_string(np.minimum(moments, FAR_FUTURE).astype("datetime64[s]"), unit="s", timezone="UTC")
    missing = moments >= NEVER if present is None else ~present
    return np.where(missing, NULL, text).tolist()


def _ints(values: np.ndarray, missing: np.ndarray | None = None) -> list[str]:
    text = values.astype(str)
    if missing is None:
        return text.tolist()
    return np.where(missing, NULL, text).tolist()


def _bools(values: np.ndarray) -> list[str]:
    return np.where(values, "t", "f").tolist()


def _tsv(columns: Sequence[list[str]]) -> bytes:
    if not columns or not columns[0]:
        return b""
    return ("\n".join(map("\t".join, zip(*columns, strict=True))) + "\n").encode()


def _pick(rng: np.random.Generator, options: Sequence, n: int) -> np.ndarray:
    return rng.integers(0, len(options), size=n)


def _date_texts(moments: np.ndarray) -> list[str]:
    """«12.05.2025» for each moment, for planned dates in answers."""
    days = np.minimum(moments, FAR_FUTURE).astype("datetime64[s]").astype("datetime64[D]")
    iso = np.datetime_as_string(days, unit="D").tolist()
    return [f"{d[8:10]}.{d[5:7]}.{d[:4]}" for d in iso]


_STREET_NOM = [copy_escape(s[0]) for s in words.STREETS]
_STREET_LOC = [s[1] for s in words.STREETS]
_STREET_DAT = [s[2] for s in words.STREETS]
_TRANSLIT_MALE = [words.translit(n) for n in words.MALE_NAMES]
_TRANSLIT_FEMALE = [words.translit(n) for n in words.FEMALE_NAMES]
_FEMALE_SURNAMES = [words.female_surname(s) for s in words.SURNAMES]
_TRANSLIT_SURNAME = [words.translit(s) for s in words.SURNAMES]


class ChunkBuilder:
    """Builds the COPY rows of one chunk of messages, their history events and answers.

    Methods run in order and leave their arrays on the instance: each step needs the earlier ones.
    """

    def __init__(self, ref: Reference, clock: Clock, *, seed: int, index: int, received: np.ndarray, first_id: int, run_prefix: str, offset: int):
        self.ref = ref
        self.clock = clock
        self.now = clock.now
        self.rng = np.random.default_rng([seed, 7, index])
        # Mass problems draw from their own stream, so the other rows stay as they were without them.
        self.mass_rng = np.random.default_rng([seed, 13, index])
        self.n = len(received)
        self.received = received
        self.ids = first_id + offset + np.arange(self.n, dtype=np.int64)
        self.external_ids = [f"{run_prefix}{offset + i + 1}" for i in range(self.n)]

    def build(self) -> ChunkRows:
        self._choose_channels()
        self._choose_subjects()
        self._choose_fate()
        self._choose_places()
        self._choose_authors()
        self._link_duplicates()
        self._gather_mass_problems()
        self._choose_staff()
        self._live()
        self._state_now()
        messages = self._message_rows()
        events, event_count = self._event_rows()
        answers, answer_count = self._answer_rows()
        return ChunkRows(messages, events, answers, self.n, event_count, answer_count)

    # -- what the message is --------------------------------------------------------------

    def _choose_channels(self) -> None:
        ref, rng = self.ref, self.rng
        weights = ref.channel_weight / ref.channel_weight.sum()
        self.channel = rng.choice(len(weights), size=self.n, p=weights)
        self.kind = ref.channel_kind[self.channel]
        self.profile = ref.channel_profile[self.channel]
        self.style = ref.channel_style[self.channel]

    def _choose_subjects(self) -> None:
        ref, rng, n = self.ref, self.rng, self.n
        months = (self.received.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64) % 12)
        self.category = np.empty(n, dtype=np.int64)
        for month in np.unique(months):
            mine = months == month
            weights = ref.category_weight[month]
            self.category[mine] = rng.choice(len(weights), size=int(mine.sum()), p=weights)
        self.topic = ref.category_topic[self.category]
        self.municipality = rng.choice(len(ref.municipality_weight), size=n, p=ref.municipality_weight)
        # A social-network post often says nowhere where it happened.
        unknown = (self.profile == INCIDENT) & (rng.random(n) < 0.03)
        self.municipality[unknown] = -1
        self.agency = ref.route[self.category, np.where(unknown, -1, self.municipality)]

    def _choose_fate(self) -> None:
        profiles = PROFILES
        p = self.profile
        u = self.rng.random(self.n)
        rejected = np.array([x.rejected for x in profiles])[p]
        duplicate = rejected + np.array([x.duplicate for x in profiles])[p]
        forwarded = duplicate + np.array([x.forwarded for x in profiles])[p]
        self.fate = np.select([u < rejected, u < duplicate, u < forwarded], [REJECTED, DUPLICATE, FORWARDED], NORMAL)
        # A duplicate repeats a message shortly before it in the same chunk.
        back = self.rng.integers(1, 300, size=self.n)
        self.original = np.arange(self.n) - back
        self.fate[(self.fate == DUPLICATE) & (self.original < 0)] = NORMAL

    def _choose_places(self) -> None:
        ref, rng, n = self.ref, self.rng, self.n
        town = np.where(self.municipality >= 0, ref.municipality_town[self.municipality], True)
        self.village = np.where(~town & (rng.random(n) < 0.6), _pick(rng, words.VILLAGES, n), -1)
        self.town = town
        self.street = _pick(rng, words.STREETS, n)
        self.house = 1 + np.minimum(rng.exponential(np.where(town, 30, 12), n).astype(np.int64), 199)
        self.house_letter = rng.random(n) < 0.06
        self.flat = 1 + rng.integers(0, 180, n)
        self.where = _pick(rng, words.TOWN_WHERE, n)
        self.number = 1 + np.minimum(rng.exponential(8, n).astype(np.int64), 59)
        self.route_no = 1 + rng.integers(0, 45, n)
        self.has_address = np.asarray(ref.texts.at_address)[self.topic] | (rng.random(n) < 0.4)

    def _choose_authors(self) -> None:
        rng, n = self.rng, self.n
        self.female = rng.random(n) < 0.56
        self.first_name = np.where(self.female, _pick(rng, words.FEMALE_NAMES, n), _pick(rng, words.MALE_NAMES, n))
        self.patronymic = _pick(rng, words.PATRONYMICS, n)
        self.surname = _pick(rng, words.SURNAMES, n)
        style = self.style
        u = rng.random((5, n))
        social = (style == STYLE["social"]) | (style == STYLE["messenger"])
        # The platform knows its users from Госуслуги; a post or a publication often has no name.
        self.named = np.select([social, style == STYLE["media"], style == STYLE["platform"]], [u[0] < 0.75, False, True], u[0] < 0.97)
        self.has_phone = np.select(
            [style == STYLE["phone"], style == STYLE["platform"], social | (style == STYLE["media"])],
            [True, u[1] < 0.65, u[1] < 0.03], u[1] < 0.4,
        ) & (style != STYLE["media"])
        self.has_email = np.select(
            [style == STYLE["email"], style == STYLE["platform"], style == STYLE["form"]],
            [True, u[2] < 0.55, u[2] < 0.8], False,
        )
        self.has_postal = np.select([style == STYLE["letter"], style == STYLE["form"], style == STYLE["email"]], [True, u[3] < 0.4, u[3] < 0.2], False)
        self.phone_digits = rng.integers(0, 10**9, n)
        self.mail_pattern = rng.integers(0, 3, n)
        self.mail_domain = _pick(rng, words.EMAIL_DOMAINS, n)
        self.mail_number = rng.integers(1, 999, n)
        self.url_a = rng.integers(10**5, 10**8, n)
        self.url_b = rng.integers(100, 10**6, n)
        self.url_pattern = rng.integers(0, 6, n)

    def _link_duplicates(self) -> None:
        """A duplicate repeats its original's subject, place and author; it points at the first message of the chain."""
        dup = self.fate == DUPLICATE
        root = np.where(dup, self.original, np.arange(self.n))
        for _ in range(64):  # pointer jumping: chains halve every step
            nxt = root[root]
            if (nxt == root).all():
                break
            root = nxt
        self.root = root
        for name in ("category", "topic", "municipality", "agency", "village", "town", "street", "house", "house_letter",
                     "flat", "where", "number", "route_no", "has_address", "female", "first_name", "patronymic", "surname"):
            values = getattr(self, name)
            values[dup] = values[root[dup]]

    def _gather_mass_problems(self) -> None:
        """A few houses where several residents write about one problem within days (a burst pipe,
        a yard not cleared): the suggestions of the «Массовые проблемы» page. Rows of the last
        MASS_DAYS days take the subject and the house of a seed row; their texts, authors and
        lives stay their own."""
        rng = self.mass_rng
        recent = np.flatnonzero((self.received >= self.now - MASS_DAYS * DAY) & (self.fate == NORMAL) & (self.municipality >= 0))
        at_address = np.asarray(self.ref.texts.at_address)[self.topic[recent]]
        seeds_from = recent[at_address]
        count = min(MASS_PROBLEMS_PER_CHUNK, len(recent) // MASS_ROWS_PER_PROBLEM)
        if count == 0 or len(seeds_from) < count:
            return
        seeds = rng.choice(seeds_from, size=count, replace=False)
        free = np.setdiff1d(recent, seeds)
        rng.shuffle(free)
        sizes = rng.integers(MASS_SIZE[0], MASS_SIZE[1] + 1, size=count) - 1
        start = 0
        for seed, size in zip(seeds.tolist(), sizes.tolist(), strict=True):
            members = free[start: start + size]
            start += size
            for name in ("category", "topic", "municipality", "agency", "village", "town", "street", "house", "house_letter", "where", "number", "route_no"):
                values = getattr(self, name)
                values[members] = values[seed]
            self.has_address[members] = True
            self.has_address[seed] = True

    # -- how it lived --------------------------------------------------------------------

    def _param(self, name: str) -> np.ndarray:
        return np.array([getattr(p, name) for p in PROFILES], dtype=float)[self.profile]

    def _lognormal(self, name: str) -> np.ndarray:
        pairs = np.array([getattr(p, name) for p in PROFILES], dtype=float)[self.profile]
        return _delay(self.rng, pairs[:, 0], pairs[:, 1], self.n)

    def _live(self) -> None:
        self._triage()
        self._answer()
        self._review()
        self._rate()

    def _triage(self) -> None:
        rng, n, fate = self.rng, self.n, self.fate
        caps = np.array([p.registration_cap for p in PROFILES])[self.profile]
        self.registered = np.minimum(self.received + np.minimum(self._lognormal("registration"), caps), self.now)
        self.registered = np.maximum(self.registered, self.received)
        reg = self.registered
        self.rejected_at = np.where(fate == REJECTED, reg + _delay(rng, 3 * HOUR, 1.0, n), NEVER)
        self.duplicate_at = np.where(fate == DUPLICATE, reg + _delay(rng, 5 * HOUR, 1.0, n), NEVER)
        classified = (fate == NORMAL) | (fate == FORWARDED)
        self.classified_at = np.where(classified, reg + self._lognormal("classify"), NEVER)
        self.forwarded_at = np.where(fate == FORWARDED, self.classified_at + np.minimum(_delay(rng, DAY, 0.8, n), 6 * DAY), NEVER)
        self.routed_ok = (fate == NORMAL) & (self.agency >= 0)
        self.routed_at = np.where(self.routed_ok, _after(self.classified_at, self._lognormal("route")), NEVER)
        self.taken_at = _after(self.routed_at, self._lognormal("take"))
        self.deadline, self.first_due = self.clock.deadlines(self.ref.kinds, self.kind, reg)

    def _answer(self) -> None:
        rng, n = self.rng, self.n
        ok = self.routed_ok
        quality = np.where(self.agency >= 0, self.ref.agency_quality[np.maximum(self.agency, 0)], 0.7)
        self.quality = quality
        extendable = np.array([k.extendable for k in self.ref.kinds])[self.kind]
        extended = ok & extendable & (rng.random(n) < EXTENSION_SHARE)
        self.final_deadline = np.where(extended, self.deadline + 30 * DAY, self.deadline)
        self.extended_at = np.where(extended, np.maximum(self.taken_at + HOUR, self.deadline - _delay(rng, 4 * DAY, 0.5, n)), NEVER)

        self.late = rng.random(n) < 0.03 + 0.3 * (1 - quality) ** 1.5
        stuck = rng.random(n) < 0.002 + 0.02 * (1 - quality) ** 2
        shape = np.array([p.answer_shape for p in PROFILES])[self.profile]
        window = np.maximum(self.final_deadline - self.registered, HOUR)
        on_time = self.registered + (window * rng.beta(shape[:, 0], shape[:, 1])).astype(np.int64)
        on_time = np.maximum(on_time, self.taken_at + 30 * 60)
        late = np.maximum(self.final_deadline, self.taken_at) + _delay(rng, 3 * DAY, 1.0, n)
        first = np.where(self.late, late, on_time)
        first = np.where(extended, np.maximum(first, self.extended_at + HOUR), first)
        # A "stuck" message is answered very late, not never: a ЦУР escalates what hangs for
        # weeks, so the demo queue has a tail of long-overdue items but no year-old ones.
        very_late = np.maximum(self.final_deadline, self.taken_at) + _delay(rng, 25 * DAY, 0.6, n)
        self.answer1_at = np.where(ok, np.where(stuck, very_late, first), NEVER)

        interim = ok & (rng.random(n) < self._param("interim"))
        incident = self.profile == INCIDENT
        finite = self.answer1_at < NEVER
        between = self.taken_at + ((np.where(finite, self.answer1_at, self.taken_at) - self.taken_at) * rng.uniform(0.1, 0.5, n)).astype(np.int64)
        interim_at = np.select(
            [incident, finite], [_after(self.taken_at, _delay(rng, 40 * 60, 0.8, n)), between],
            _after(self.taken_at, _delay(rng, 3 * DAY, 0.8, n)),
        )
        interim &= interim_at < self.answer1_at
        self.interim_at = np.where(interim, interim_at, NEVER)

    def _review(self) -> None:
        """The ЦУР reviews each final answer: a formal reply goes back to the agency, at most twice."""
        rng, n = self.rng, self.n
        returned = 0.03 + 0.2 * (1 - self.quality) ** 1.5
        self.return1 = (self.answer1_at < NEVER) & (rng.random(n) < returned)
        self.return2 = self.return1 & (rng.random(n) < returned * 0.5)
        self.returned1_at = np.where(self.return1, _after(self.answer1_at, _delay(rng, 20 * HOUR, 0.7, n)), NEVER)
        self.answer2_at = _after(self.returned1_at, _delay(rng, 3 * DAY, 0.8, n))
        self.returned2_at = np.where(self.return2, _after(self.answer2_at, _delay(rng, 20 * HOUR, 0.7, n)), NEVER)
        self.answer3_at = _after(self.returned2_at, _delay(rng, 3 * DAY, 0.8, n))
        self.reasons = rng.integers(0, 3, (2, n))
        last = np.where(self.return2, self.answer3_at, np.where(self.return1, self.answer2_at, self.answer1_at))
        self.closed1_at = _after(last, _delay(rng, 20 * HOUR, 0.8, n))

    def _rate(self) -> None:
        """Residents rate about half of the closed messages; 1–3 on the platform usually sends it back to work."""
        rng, n = self.rng, self.n
        rated = (self.closed1_at < NEVER) & (rng.random(n) < self._param("rating"))
        self.rated_at = np.where(rated, _after(self.closed1_at, _delay(rng, 1.5 * DAY, 1.0, n)), NEVER)
        good = np.clip(0.67 + 0.3 * (self.quality - 0.7) - 0.2 * self.late - 0.15 * self.return1, 0.1, 0.95)
        happy = rng.random(n) < good
        self.rating = np.where(happy, rng.choice([5, 4], size=n, p=[0.6, 0.4]), rng.choice([1, 2, 3], size=n, p=[0.4, 0.25, 0.35]))
        solved_share = np.array([0, 0.05, 0.15, 0.45, 0.8, 0.92])[self.rating]
        self.solved = rng.random(n) < solved_share
        reopen = rated & (self.rating <= 3) & (rng.random(n) < self._param("reopen"))
        self.reopened_at = np.where(reopen, _after(self.rated_at, _delay(rng, 6 * HOUR, 1.0, n)), NEVER)
        self.taken2_at = _after(self.reopened_at, _delay(rng, 8 * HOUR, 1.0, n))
        self.answer4_at = _after(self.taken2_at, _delay(rng, 5 * DAY, 0.8, n))
        self.closed2_at = _after(self.answer4_at, _delay(rng, 20 * HOUR, 0.8, n))

    # -- where it stands now ---------------------------------------------------------------

    def _status_steps(self) -> list[tuple[str, np.ndarray, str]]:
        """(step, moment, state after it) in the order a message passes them."""
        S = MessageStatus
        return [
            ("created", self.registered, S.NEW), ("rejected", self.rejected_at, S.REJECTED),
            ("duplicate", self.duplicate_at, S.DUPLICATE), ("classified", self.classified_at, S.CLASSIFIED),
            ("forwarded", self.forwarded_at, S.FORWARDED), ("routed", self.routed_at, S.ROUTED),
            ("taken", self.taken_at, S.IN_WORK), ("interim", self.interim_at, S.INTERIM),
            ("answer1", self.answer1_at, S.ANSWERED), ("returned1", self.returned1_at, S.RETURNED),
            ("answer2", self.answer2_at, S.ANSWERED), ("returned2", self.returned2_at, S.RETURNED),
            ("answer3", self.answer3_at, S.ANSWERED), ("closed1", self.closed1_at, S.CLOSED),
            ("reopened", self.reopened_at, S.REOPENED), ("taken2", self.taken2_at, S.IN_WORK),
            ("answer4", self.answer4_at, S.ANSWERED), ("closed2", self.closed2_at, S.CLOSED),
        ]

    def _state_now(self) -> None:
        now = self.now
        status = np.full(self.n, -1, dtype=np.int64)
        self.from_status: dict[str, np.ndarray] = {}
        for step, moment, to in self._status_steps():
            happened = moment <= now
            self.from_status[step] = status.copy()
            status[happened] = ST[to]
        self.status = status
        code = {s: ST[s] for s in STATUSES}
        answered_states = np.isin(status, [code["answered"], code["closed"]])
        answers = np.stack([self.answer1_at, self.answer2_at, self.answer3_at, self.answer4_at])
        latest = np.where(answers <= now, answers, -1).max(axis=0)
        self.answered_at = np.where(answered_states & (latest > 0), latest, NEVER)
        closes = np.stack([self.closed1_at, self.closed2_at])
        closed = np.where(closes <= now, closes, -1).max(axis=0)
        self.closed_at = np.select(
            [status == code["closed"], status == code["rejected"], status == code["duplicate"], status == code["forwarded"]],
            [closed, self.rejected_at, self.duplicate_at, self.forwarded_at], NEVER,
        )
        self.first_response_at = np.minimum(self.interim_at, self.answer1_at)
        self.first_response_at[self.first_response_at > now] = NEVER
        self.is_rated = self.rated_at <= now
        self.returned_count = (self.returned1_at <= now).astype(np.int64) + (self.returned2_at <= now)
        self.reopened_count = (self.reopened_at <= now).astype(np.int64)
        self.is_extended = self.extended_at <= now
        self.deadline_now = np.where(self.is_extended, self.final_deadline, self.deadline)
        self.is_overdue = np.isin(status, OPEN_CODES) & (self.deadline_now < now)
        self.is_classified = self.classified_at <= now
        self.is_routed = self.routed_at <= now

    # -- texts -----------------------------------------------------------------------------

    def _addresses(self) -> tuple[list[str], list[str], list[dict]]:
        """(problem address, author's postal address, template context) per message."""
        ref = self.ref
        names = ref.municipality_names
        addresses, postal, contexts = [], [], []
        for i in range(self.n):
            street = self.street[i]
            house = f"{self.house[i]}{'а' if self.house_letter[i] else ''}"
            short = f"{_STREET_NOM[street]}, д. {house}"
            m, v = self.municipality[i], self.village[i]
            if m < 0:
                full = short
                where = words.TOWN_WHERE[self.where[i]]
            elif self.town[i]:
                full = f"г. {names[m]}, {short}"
                where = words.TOWN_WHERE[self.where[i]]
            elif v >= 0:
                full = f"{names[m]}, {words.VILLAGES[v][0]}, {short}"
                where = words.VILLAGES[v][1]
            else:
                full = f"{names[m]}, {short}"
                where = "в нашем районе"
            addresses.append(full if self.has_address[i] else "")
            postal.append(f"{full}, кв. {self.flat[i]}" if self.has_postal[i] else "")
            contexts.append({
                "loc": _STREET_LOC[street], "dat": _STREET_DAT[street], "house": house, "addr": short,
                "where": where, "n": self.number[i], "route": self.route_no[i],
            })
        return addresses, postal, contexts

    def _message_texts(self, contexts: list[dict]) -> list[str]:
        rng, n, texts = self.rng, self.n, self.ref.texts
        problem = texts.pick("problems", self.topic, rng)
        detail = np.where(rng.random(n) < 0.7, texts.pick("details", self.topic, rng), -1)
        request = texts.pick("requests", self.topic, rng)
        greeting, closing = _pick(rng, words.GREETINGS, n), _pick(rng, words.CLOSINGS, n)
        opening, appeal_closing = _pick(rng, words.APPEAL_OPENINGS, n), _pick(rng, words.APPEAL_CLOSINGS, n)
        duration, ending = _pick(rng, words.DURATIONS, n), _pick(rng, words.SOCIAL_ENDINGS, n)
        spam = (self.fate == REJECTED) & (rng.random(n) < 0.5)
        spam_text = _pick(rng, words.SPAM, n)
        style_names = [STYLES[s] for s in self.style.tolist()]
        dup = (self.fate == DUPLICATE).tolist()
        angry = (rng.random(n) < words.CONFLICT_SHARE).tolist()
        remark = _pick(rng, words.CONFLICT_REMARKS, n)
        out = []
        for i in range(n):
            if spam[i]:
                out.append(words.SPAM[spam_text[i]])
                continue
            ctx = contexts[i]
            body = texts.problems[problem[i]].format_map(ctx)
            body = body[0].upper() + body[1:]
            more = texts.details[detail[i]].format_map(ctx) if detail[i] >= 0 else ""
            ask = texts.requests[request[i]].format_map(ctx)
            style = style_names[i]
            if style == "platform":
                parts = (words.GREETINGS[greeting[i]] + body, more, words.DURATIONS[duration[i]], ask, words.CLOSINGS[closing[i]])
            elif style in ("social", "messenger"):
                parts = (body, more, words.SOCIAL_ENDINGS[ending[i]])
            elif style == "media":
                parts = (words.MEDIA_OPENINGS[ending[i] % len(words.MEDIA_OPENINGS)] + body, more)
            elif style == "phone":
                parts = (words.PHONE_OPENINGS[greeting[i] % len(words.PHONE_OPENINGS)] + body, more, ask)
            else:
                parts = (words.APPEAL_OPENINGS[opening[i]] + body, more, words.DURATIONS[duration[i]], ask,
                         words.APPEAL_CLOSINGS[appeal_closing[i]])
            if angry[i]:
                parts = (*parts, words.CONFLICT_REMARKS[remark[i]])
            text = " ".join(p for p in parts if p)
            out.append(words.REPEAT_PREFIX + text if dup[i] else text)
        return out

    def _people(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """(name, e-mail, phone, social handle) per message."""
        out_name, out_mail, out_phone, out_handle = [], [], [], []
        social, messenger = STYLE["social"], STYLE["messenger"]
        for i in range(self.n):
            female = self.female[i]
            first_i, surname_i = self.first_name[i], self.surname[i]
            first = words.FEMALE_NAMES[first_i] if female else words.MALE_NAMES[first_i]
            surname = _FEMALE_SURNAMES[surname_i] if female else words.SURNAMES[surname_i]
            style = self.style[i]
            latin_first = (_TRANSLIT_FEMALE if female else _TRANSLIT_MALE)[first_i]
            latin_surname = _TRANSLIT_SURNAME[surname_i] + ("a" if female and surname != words.SURNAMES[surname_i] else "")
            if not self.named[i]:
                out_name.append("")
            elif style in (social, messenger):
                out_name.append(f"{first} {surname}")
            else:
                out_name.append(f"{surname} {first} {words.PATRONYMICS[self.patronymic[i]][1 if female else 0]}")
            if self.has_email[i]:
                number, domain = self.mail_number[i], words.EMAIL_DOMAINS[self.mail_domain[i]]
                local = (f"{latin_first}.{latin_surname}", f"{latin_surname}{number}", f"{latin_first[0]}{latin_surname}{number % 100}")[self.mail_pattern[i]]
                out_mail.append(f"{local}@{domain}")
            else:
                out_mail.append("")
            digits = f"{self.phone_digits[i]:09d}"
            out_phone.append(f"+7 9{digits[:2]} {digits[2:5]}-{digits[5:7]}-{digits[7:]}" if self.has_phone[i] else "")
            if style == social:
                out_handle.append(f"id{self.url_a[i]}{self.mail_number[i]}")
            elif style == messenger:
                out_handle.append(f"@{latin_first}_{latin_surname[:6]}{self.mail_number[i]}")
            else:
                out_handle.append("")
        return out_name, out_mail, out_phone, out_handle

    def _source_urls(self) -> list[str]:
        patterns = {STYLE["social"]: words.SOCIAL_URLS, STYLE["messenger"]: words.MESSENGER_URLS, STYLE["media"]: words.MEDIA_URLS}
        out = []
        for style, pattern, a, b in zip(self.style.tolist(), self.url_pattern.tolist(), self.url_a.tolist(), self.url_b.tolist(), strict=True):
            options = patterns.get(style)
            out.append(options[pattern % len(options)].format(a=a, b=b) if options else "")
        return out

    # -- rows ------------------------------------------------------------------------------

    def _message_rows(self) -> bytes:
        ref = self.ref
        addresses, postal, self.contexts = self._addresses()
        texts = self._message_texts(self.contexts)
        name, mail, phone, handle = self._people()
        self.author_names = name
        has_external = np.isin(self.style, EXTERNAL_ID_STYLES)
        external = [e if has else NULL for e, has in zip(self.external_ids, has_external.tolist(), strict=True)]
        category = np.where(self.is_classified, ref.category_ids[self.category], -1)
        sector = np.where(self.is_classified, ref.category_sector[self.category], -1)
        agency = np.where(self.is_routed, ref.agency_ids[np.maximum(self.agency, 0)], -1)
        municipality = np.where(self.municipality >= 0, ref.municipality_ids[np.maximum(self.municipality, 0)], -1)
        duplicate_of = np.where(self.fate == DUPLICATE, self.ids[self.root], -1)
        rated = self.is_rated
        columns = [
            _ints(self.ids), _ints(ref.channel_ids[self.channel]), _ints(np.array([k.id for k in ref.kinds])[self.kind]),
            external, _stamps(self.received), _stamps(self.registered),
            name, mail, phone, postal, handle, texts, addresses,
            _ints(municipality, municipality < 0), self._source_urls(),
            _ints(sector, sector < 0), _ints(category, category < 0), _ints(agency, agency < 0),
            np.array(STATUSES, dtype=object)[self.status].tolist(),
            _stamps(self.deadline_now), _stamps(self.first_due), _stamps(self.first_response_at),
            _stamps(self.answered_at), _stamps(self.closed_at),
            _bools(self.is_overdue), _bools(self.is_extended), _ints(duplicate_of, duplicate_of < 0),
            _ints(self.rating, ~rated), np.where(rated, np.where(self.solved, "t", "f"), NULL).tolist(),
            _stamps(self.rated_at, rated), _ints(self.returned_count), _ints(self.reopened_count),
        ]
        return _tsv(columns)

    def _choose_staff(self) -> None:
        """One operator and one executor of the agency (when it has portal users) handle each message."""
        ref, rng, n = self.ref, self.rng, self.n
        self.operator = ref.operators[rng.integers(0, len(ref.operators), n)] if len(ref.operators) else np.full(n, -1)
        self.executor = np.full(n, -1, dtype=np.int64)
        for a in np.unique(self.agency[self.agency >= 0]):
            people = ref.executors[a]
            if len(people):
                mine = self.agency == a
                self.executor[mine] = people[rng.integers(0, len(people), int(mine.sum()))]

    def _actors(self, kind: str, rows: np.ndarray) -> tuple[np.ndarray, str]:
        """(user id or -1, role) of whoever made the step: the operator, the agency's executor, or nobody."""
        if kind == "operator":
            return self.operator[rows], RoleCode.OPERATOR.value
        if kind == "executor":
            return self.executor[rows], RoleCode.AGENCY_EXECUTOR.value
        return np.full(len(rows), -1), ""

    def _event_specs(self) -> list[tuple[str, np.ndarray, str, str | None, str]]:
        """(step, moment, event kind, state after or None, who) for every history step."""
        E = EventKind
        states = {step: to for step, _, to in self._status_steps()}
        return [
            ("created", self.registered, E.CREATED, states["created"], ""),
            ("rejected", self.rejected_at, E.STATUS, states["rejected"], "operator"),
            ("duplicate", self.duplicate_at, E.STATUS, states["duplicate"], "operator"),
            ("classified", self.classified_at, E.CLASSIFIED, states["classified"], "operator"),
            ("forwarded", self.forwarded_at, E.STATUS, states["forwarded"], "operator"),
            ("routed", self.routed_at, E.ROUTED, states["routed"], "operator"),
            ("taken", self.taken_at, E.STATUS, states["taken"], "executor"),
            ("extended", self.extended_at, E.DEADLINE, None, "operator"),
            ("interim", self.interim_at, E.ANSWER, states["interim"], "executor"),
            ("answer1", self.answer1_at, E.ANSWER, states["answer1"], "executor"),
            ("returned1", self.returned1_at, E.REVIEW, states["returned1"], "operator"),
            ("answer2", self.answer2_at, E.ANSWER, states["answer2"], "executor"),
            ("returned2", self.returned2_at, E.REVIEW, states["returned2"], "operator"),
            ("answer3", self.answer3_at, E.ANSWER, states["answer3"], "executor"),
            ("closed1", self.closed1_at, E.REVIEW, states["closed1"], "operator"),
            ("rated", self.rated_at, E.RATING, None, ""),
            ("reopened", self.reopened_at, E.STATUS, states["reopened"], ""),
            ("taken2", self.taken2_at, E.STATUS, states["taken2"], "executor"),
            ("answer4", self.answer4_at, E.ANSWER, states["answer4"], "executor"),
            ("closed2", self.closed2_at, E.REVIEW, states["closed2"], "operator"),
        ]

    def _event_notes(self, step: str, rows: np.ndarray) -> tuple[list[str], list[str]]:
        """(note, JSON data) of the events of one step."""
        ref, rng, count = self.ref, self.rng, len(rows)
        empty = ["{}"] * count
        if step == "created":
            return [f"Канал: {ref.channel_names[c]}" for c in self.channel[rows].tolist()], empty
        if step == "rejected":
            return [words.REJECT_NOTES[i] for i in _pick(rng, words.REJECT_NOTES, count).tolist()], empty
        if step == "duplicate":
            originals = self.ids[self.root[rows]].tolist()
            return [f"Дубликат сообщения № {o:08d}" for o in originals], [f'{{"duplicate_of": {o}}}' for o in originals]
        if step == "classified":
            cats = self.category[rows].tolist()
            return ([ref.category_names[c] for c in cats],
                    [f'{{"sector_id": {ref.category_sector[c]}, "category_id": {ref.category_ids[c]}}}' for c in cats])
        if step == "forwarded":
            return [words.FORWARD_NOTES[i] for i in _pick(rng, words.FORWARD_NOTES, count).tolist()], empty
        if step == "routed":
            agencies = self.agency[rows].tolist()
            return [ref.agency_names[a] for a in agencies], [f'{{"agency_id": {ref.agency_ids[a]}}}' for a in agencies]
        if step == "extended":
            before, after = _stamps(self.deadline[rows]), _stamps(self.final_deadline[rows])
            return [words.DEADLINE_NOTE] * count, [f'{{"deadline": "{b}", "new_deadline": "{a}"}}' for b, a in zip(before, after, strict=True)]
        if step in ("returned1", "returned2"):
            reasons = self.reasons[0 if step == "returned1" else 1][rows].tolist()
            codes = [RETURN_REASONS[r] for r in reasons]
            return [_return_note(c, i) for c, i in zip(codes, rows.tolist(), strict=True)], [f'{{"return_reason": "{c}"}}' for c in codes]
        if step in ("closed1", "closed2"):
            return [words.CLOSE_NOTE] * count, empty
        if step == "rated":
            ratings, solved = self.rating[rows].tolist(), self.solved[rows].tolist()
            return ([f"Оценка жителя: {r}" for r in ratings],
                    [f'{{"rating": {r}, "solved": {"true" if s else "false"}}}' for r, s in zip(ratings, solved, strict=True)])
        if step == "reopened":
            return [f"Оценка жителя {r}: сообщение возвращено в работу" for r in self.rating[rows].tolist()], empty
        return [""] * count, empty

    def _event_rows(self) -> tuple[bytes, int]:
        now = self.now
        parts: dict[str, list] = {k: [] for k in ("row", "order", "at", "actor", "role", "kind", "from", "to", "note", "data")}
        for order, (step, moment, kind, to, who) in enumerate(self._event_specs()):
            rows = np.flatnonzero(moment <= now)
            if not len(rows):
                continue
            actor, role = self._actors(who, rows)
            note, data = self._event_notes(step, rows)
            parts["row"].append(rows)
            parts["order"].append(np.full(len(rows), order))
            parts["at"].append(moment[rows])
            parts["actor"].append(actor)
            parts["role"].append(np.full(len(rows), role, dtype=object))
            parts["kind"].append(np.full(len(rows), kind.value, dtype=object))
            if to is None:
                parts["from"].append(np.full(len(rows), "", dtype=object))
                parts["to"].append(np.full(len(rows), "", dtype=object))
            else:
                before = self.from_status[step][rows]
                parts["from"].append(np.where(before >= 0, np.array(STATUSES, dtype=object)[np.maximum(before, 0)], ""))
                parts["to"].append(np.full(len(rows), to.value, dtype=object))
            parts["note"].append(np.array(note, dtype=object))
            parts["data"].append(np.array(data, dtype=object))
        merged = {k: np.concatenate(v) for k, v in parts.items()}
        # A message's history in time order, so ids follow time within a message.
        order = np.lexsort((merged["order"], merged["at"], merged["row"]))
        actor = merged["actor"][order]
        columns = [
            _ints(self.ids[merged["row"][order]]), _stamps(merged["at"][order]), _ints(actor, actor < 0),
            merged["role"][order].tolist(), merged["kind"][order].tolist(), merged["from"][order].tolist(),
            merged["to"][order].tolist(), merged["note"][order].tolist(), merged["data"][order].tolist(),
        ]
        return _tsv(columns), len(order)

    def _answer_specs(self) -> list[tuple[np.ndarray, str, np.ndarray, np.ndarray, np.ndarray, int]]:
        """(moment, kind, returned-at, accepted-at, formal?, reason row) of each answer a message may get."""
        never = np.full(self.n, NEVER)
        no = np.zeros(self.n, dtype=bool)
        accepted_interim = _after(self.interim_at, _delay(self.rng, 2 * HOUR, 1.0, self.n))
        return [
            (self.interim_at, AnswerKind.INTERIM, never, accepted_interim, no, 0),
            (self.answer1_at, AnswerKind.FINAL, self.returned1_at, np.where(self.return1, NEVER, self.closed1_at), self.return1, 0),
            (self.answer2_at, AnswerKind.FINAL, self.returned2_at, np.where(self.return2, NEVER, self.closed1_at), self.return2, 1),
            (self.answer3_at, AnswerKind.FINAL, never, self.closed1_at, no, 0),
            (self.answer4_at, AnswerKind.FINAL, never, self.closed2_at, no, 0),
        ]

    def _answer_rows(self) -> tuple[bytes, int]:
        now, ref = self.now, self.ref
        columns: list[list[str]] = [[] for _ in ANSWER_COLUMNS]
        count = 0
        for moment, kind, returned_at, accepted_at, formal, reason_row in self._answer_specs():
            rows = np.flatnonzero(moment <= now)
            if not len(rows):
                continue
            count += len(rows)
            returned = returned_at[rows] <= now
            accepted = accepted_at[rows] <= now
            review = np.select([returned, accepted], [AnswerReview.RETURNED.value, AnswerReview.ACCEPTED.value], AnswerReview.PENDING.value)
            reviewed_at = np.select([returned, accepted], [returned_at[rows], accepted_at[rows]], NEVER)
            reasons = np.where(returned, np.array(RETURN_REASONS, dtype=object)[self.reasons[reason_row][rows]], "")
            reviewer, _ = self._actors("operator", rows)
            author, _ = self._actors("executor", rows)
            texts = self._answer_texts(rows, kind, formal[rows], moment[rows])
            agency = ref.agency_ids[np.maximum(self.agency[rows], 0)]
            block = [
                _ints(self.ids[rows]), _ints(agency), _ints(author, author < 0), [kind.value] * len(rows), texts,
                _stamps(moment[rows]), review.tolist(), reasons.tolist(),
                [_return_note(r, i) if r else "" for r, i in zip(reasons.tolist(), rows.tolist(), strict=True)],
                _ints(reviewer, (reviewer < 0) | (reviewed_at >= NEVER)), _stamps(reviewed_at),
            ]
            for column, values in zip(columns, block, strict=True):
                column.extend(values)
        return _tsv(columns), count

    def _answer_texts(self, rows: np.ndarray, kind: str, formal: np.ndarray, moments: np.ndarray) -> list[str]:
        rng, texts, ref = self.rng, self.ref.texts, self.ref
        count = len(rows)
        body = texts.pick("answers", self.topic[rows], rng)
        interim = _pick(rng, words.INTERIM_ANSWERS, count)
        formal_text = _pick(rng, words.FORMAL_ANSWERS, count)
        intro, closing = _pick(rng, words.ANSWER_INTROS, count), _pick(rng, words.ANSWER_CLOSINGS, count)
        planned = _date_texts(moments + (rng.integers(7, 60, count) * DAY))
        out = []
        for j, i in enumerate(rows.tolist()):
            if kind == AnswerKind.INTERIM:
                text = words.INTERIM_ANSWERS[interim[j]]
            elif formal[j]:
                text = words.FORMAL_ANSWERS[formal_text[j]]
            else:
                text = words.ANSWER_INTROS[intro[j]] + texts.answers[body[j]].format_map({**self.contexts[i], "date": planned[j]}) + words.ANSWER_CLOSINGS[closing[j]]
            out.append(f"{self._salutation(i)} {text} С уважением, {ref.agency_names[self.agency[i]]}.")
        return out

    def _salutation(self, i: int) -> str:
        if not self.named[i]:
            return "Здравствуйте!"
        female = self.female[i]
        first = (words.FEMALE_NAMES if female else words.MALE_NAMES)[self.first_name[i]]
        if self.style[i] in (STYLE["social"], STYLE["messenger"]):
            return f"Здравствуйте, {first}!"
        patronymic = words.PATRONYMICS[self.patronymic[i]][1 if female else 0]
        return f"{'Уважаемая' if female else 'Уважаемый'} {first} {patronymic}!"


RETURN_REASONS = ("formal", "not_on_merits", "incomplete")


def _return_note(reason: str, row: int) -> str:
    notes = words.RETURN_NOTES[reason]
    return notes[row % len(notes)]


# ---------------------------------------------------------------------------------------------
# Loading into PostgreSQL


class CopyWriter:
    """Runs COPY for each chunk on a background thread, so Python builds the next chunk meanwhile.

    Both threads share the one psycopg2 connection (and so the caller's transaction); the main
    thread does not touch it until `close()`.
    """

    def __init__(self, raw_connection, *, threaded: bool, stored: Callable[[int], None] | None = None):
        self.raw = raw_connection
        self.stored = stored
        self.seconds = dict.fromkeys(TABLES, 0.0)
        self.error: BaseException | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="demo-data-copy", daemon=True) if threaded else None
        if self.thread:
            self.thread.start()

    def put(self, rows: ChunkRows) -> None:
        if self.error:
            raise self.error
        if self.thread:
            self.queue.put(rows)
        else:
            self._copy(rows)

    def close(self) -> None:
        if self.thread:
            self.queue.put(None)
            self.thread.join()
        if self.error:
            raise self.error

    def _run(self) -> None:
        while (rows := self.queue.get()) is not None:
            if self.error:
                continue  # drain, so the producer is never blocked
            try:
                self._copy(rows)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self.error = exc

    def _copy(self, rows: ChunkRows) -> None:
        with self.raw.cursor() as cursor:
            for table, columns, data in (
                ("feedback_message", MESSAGE_COLUMNS, rows.messages),
                ("feedback_messageevent", EVENT_COLUMNS, rows.events),
                ("feedback_answer", ANSWER_COLUMNS, rows.answers),
            ):
                if not data:
                    continue
                started = time.perf_counter()
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                cursor.copy_expert(statement.as_string(self.raw), io.BytesIO(data), size=COPY_BLOCK)
                self.seconds[table] += time.perf_counter() - started
        if self.stored:
            self.stored(rows.message_count)


def secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, definition) of the indexes that enforce nothing: safe to drop during a bulk load."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef
          FROM pg_indexes i
          JOIN pg_class c ON c.relname = i.indexname
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
          JOIN pg_index x ON x.indexrelid = c.oid
         WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
           AND NOT x.indisunique AND NOT x.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
         ORDER BY i.tablename, i.indexname
        """,
        [list(TABLES)],
    )
    return list(cursor.fetchall())


def reserve_message_ids(cursor, count: int) -> int:
    """The first of `count` consecutive message ids taken from the sequence at once, so rows can
    refer to each other (events, answers, duplicates) without asking the database."""
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('feedback_message', 'id'), nextval(pg_get_serial_sequence('feedback_message', 'id')) + %s - 1)",
        [count],
    )
    return cursor.fetchone()[0] - count + 1


@dataclass
class GenerationResult:
    messages: int = 0
    events: int = 0
    answers: int = 0
    first_id: int | None = None
    seconds: float = 0.0
    copy_seconds: dict[str, float] = field(default_factory=dict)
    check_seconds: float = 0.0
    index_seconds: float = 0.0
    analyze_seconds: float = 0.0
    rebuilt_indexes: list[str] = field(default_factory=list)


class BulkStatistics(Protocol):
    """How the statistics rollups take a bulk load: their trigger is told to skip the rows
    (`before`), then the loaded id range is added in one aggregate pass (`after`)."""

    def before(self, cursor) -> None: ...

    def after(self, cursor, first_id: int, last_id: int) -> None: ...


# Set by the ratings app when Django starts (ratings.apps): the rollups are its tables, and this
# app may not import it. Unset, the rollups' trigger counts the loaded rows one by one.
bulk_statistics: BulkStatistics | None = None


def generate_demo_data(
    *,
    messages: int,
    months: int = 12,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    phase: Callable[[str], None] | None = None,
    rebuild_indexes: bool | None = None,
) -> GenerationResult:
    """Create `messages` demo messages spread over the last `months` months, with answers and history.

    progress(n) is called as each chunk of n messages is stored (possibly from another thread);
    phase(text) announces the long steps after the rows are in. rebuild_indexes: None decides by
    size (only when not inside the caller's transaction). Raises ReferenceMissing when the
    reference tables are empty.
    """
    phase = phase or (lambda text: None)
    if messages < 0 or months < 1:
        raise ValueError("Число сообщений не может быть отрицательным, число месяцев — меньше 1.")
    started = time.perf_counter()
    now = now or timezone.now()
    ref = load_reference(seed)
    clock = Clock(now=now, months=months, horizon_days=_horizon(ref.kinds))
    received = sample_received(np.random.default_rng([seed, 1]), messages, clock)
    result = GenerationResult(messages=messages)
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor:
            # Other writers wait until the load commits: the reserved ids stay ours, readers go on.
            cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN SHARE ROW EXCLUSIVE MODE")
            rebuild = _should_rebuild(cursor, messages) if rebuild_indexes is None else rebuild_indexes
            rebuild = rebuild and own_transaction
            dropped = _drop_indexes(cursor) if rebuild and messages else []
            result.first_id = reserve_message_ids(cursor, messages) if messages else None
            # The statistics rollups take the whole load in one aggregate pass below.
            if bulk_statistics is not None:
                bulk_statistics.before(cursor)
        if messages:
            _load(ref, clock, received, result, raw, seed=seed, progress=progress)
            if bulk_statistics is not None:
                phase("Обновляю сводки для дашбордов…")
                with raw.cursor() as cursor:
                    bulk_statistics.after(cursor, result.first_id, result.first_id + messages - 1)
        if dropped:
            phase("Проверяю ссылки между таблицами и строю индексы…")
            _restore_indexes(raw, dropped, result)
        phase("Сохраняю (COMMIT)…")
    if own_transaction and messages:
        phase("Обновляю статистику планировщика (ANALYZE)…")
        analyzed = time.perf_counter()
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ANALYZE {table}")
        result.analyze_seconds = time.perf_counter() - analyzed
    result.seconds = time.perf_counter() - started
    return result


def _horizon(kinds: list[KindRule]) -> int:
    """Calendar days after today that deadlines and late answers may reach."""
    hours = max([k.first_response_hours or 0 for k in kinds] + [k.term for k in kinds if k.unit == DeadlineUnit.WORKING_HOURS] + [0])
    days = max([k.term for k in kinds if k.unit != DeadlineUnit.WORKING_HOURS] + [0])
    return 120 + 3 * days + hours // 3


def _should_rebuild(cursor, messages: int) -> bool:
    cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'feedback_message'::regclass")
    existing = cursor.fetchone()[0]
    return messages >= REBUILD_INDEXES_FROM and messages >= existing


def _drop_indexes(cursor) -> list[tuple[str, str]]:
    indexes = secondary_indexes(cursor)
    for name, _ in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return indexes


def _restore_indexes(raw, indexes: list[tuple[str, str]], result: GenerationResult) -> None:
    """Build the dropped indexes again from their saved definitions, in the same transaction."""
    with raw.cursor() as cursor:
        checked = time.perf_counter()
        # CREATE INDEX refuses to run while foreign-key checks are queued: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        result.check_seconds = time.perf_counter() - checked
        built = time.perf_counter()
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            cursor.execute(definition)
            result.rebuilt_indexes.append(name)
        result.index_seconds = time.perf_counter() - built


def _load(ref: Reference, clock: Clock, received: np.ndarray, result: GenerationResult, raw, *, seed: int, progress) -> None:
    run_prefix = f"D{seed}-{result.first_id}-"
    writer = CopyWriter(raw, threaded=len(received) > CHUNK_SIZE, stored=progress)
    try:
        for index, offset in enumerate(range(0, len(received), CHUNK_SIZE)):
            chunk = received[offset: offset + CHUNK_SIZE]
            rows = ChunkBuilder(ref, clock, seed=seed, index=index, received=chunk, first_id=result.first_id,
                                run_prefix=run_prefix, offset=offset).build()
            writer.put(rows)
            result.events += rows.event_count
            result.answers += rows.answer_count
    finally:
        writer.close()
    result.copy_seconds = dict(writer.seconds)
