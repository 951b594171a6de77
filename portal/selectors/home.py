"""Reads for the home page: what each role sees first (DESIGN.md §1).

Every figure is counted by the database in one aggregate per group of cards; no row is loaded
into Python to be counted. The counts of open messages filter on `status` and `deadline_at`
(and `sector` / `agency` for scoped users), which the message indexes cover; the "received"
counts are a range on the indexed `registered_at`.

Which page a user gets, when he holds several roles: the widest message scope wins
(whole region → his sectors → his agency → aggregates only → no role).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cur.access import Access, access_for
from cur.moments import Period
from cur.roles import AGENCY_SCOPED, SECTOR_SCOPED, RoleCode
from feedback.access import visible_messages
from feedback.models import OPEN_STATUSES, Message, MessageStatus

REGION = "region"
SECTOR = "sector"
AGENCY = "agency"
AGGREGATE = "aggregate"
NO_ROLE = "no_role"

# Open: the resident has no accepted answer yet, so the deadline still runs. An answer waiting for
# the ЦУР's review counts too: the resident gets it only after the review (as the stored
# `is_overdue` flag counts it).
OPEN = sorted(OPEN_STATUSES)
# What sits with an agency: routed to it and not yet answered.
AGENCY_IN_WORK = sorted({MessageStatus.IN_WORK, MessageStatus.INTERIM, MessageStatus.RETURNED, MessageStatus.REOPENED})
AGENCY_QUEUE = sorted({MessageStatus.ROUTED, *AGENCY_IN_WORK})

NEAREST_LIMIT = 10
SNIPPET_CHARS = 200


@dataclass(frozen=True)
class Card:
    key: str
    label: str | Promise
    value: int | None
    tone: str = "neutral"  # neutral | primary | danger | warning | success
    icon: str = ""
    hint: str | Promise = ""
    suffix: str = ""


@dataclass(frozen=True)
class SectorRow:
    name: str | Promise
    full_name: str | Promise
    open: int
    overdue: int
    due_today: int
    is_unclassified: bool = False

    @property
    def overdue_share(self) -> int | None:
        return round(100 * self.overdue / self.open) if self.open else None


@dataclass
class HomePage:
    kind: str
    region_name: str
    now: datetime
    access: Access
    scope_label: str = ""
    scope_missing: bool = False
    cards: list[Card] = field(default_factory=list)
    sectors: list[SectorRow] = field(default_factory=list)
    nearest: list[Message] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, int | None]:
        return {card.key: card.value for card in self.cards}


def home_kind(access: Access) -> str:
    if access.reads_all_messages:
        return REGION
    if access.roles & SECTOR_SCOPED:
        return SECTOR
    if access.roles & AGENCY_SCOPED:
        return AGENCY
    if access.roles:
        return AGGREGATE
    return NO_ROLE


def home_context(user, now: datetime | None = None) -> dict:
    access = access_for(user)
    period = Period.at(now)
    page = HomePage(kind=home_kind(access), region_name=settings.CUR_REGION_NAME, now=period.now, access=access)
    builder = {REGION: _region_page, SECTOR: _sector_page, AGENCY: _agency_page, AGGREGATE: _aggregate_page, NO_ROLE: _no_role_page}
    builder[page.kind](page, user, period)
    from roadmap.selectors.approvals import waiting_for
    from roadmap.selectors.escalated_risks import escalated_for

    # What waits for this user's decision: documents (passports, reports, groups, indicators) and,
    # for the curator, the risks the head escalated to him.
    return {"page": page, "waiting": waiting_for(user) + escalated_for(user)}


# ---- pages -------------------------------------------------------------------------------


def _region_page(page: HomePage, user, period: Period) -> None:
    page.scope_label = _("%(region)s, все сообщения") % {"region": page.region_name}
    _messages_page(page, visible_messages(user), period, sector_ids=None)


def _sector_page(page: HomePage, user, period: Period) -> None:
    from sectors.models import Sector

    names = list(Sector.objects.filter(id__in=page.access.sector_ids).order_by("order", "name").values_list("name", flat=True))
    page.scope_missing = not names
    page.scope_label = _("Ваши отраслевые блоки: %(sectors)s") % {"sectors": ", ".join(names)} if names else ""
    _messages_page(page, visible_messages(user), period, sector_ids=page.access.sector_ids)


def _messages_page(page: HomePage, scope: QuerySet, period: Period, sector_ids) -> None:
    """Region-wide or sector-scoped: the same cards, the breakdown by sector, the nearest deadlines."""
    grouped = _open_by_sector(scope, period)
    totals = _totals(grouped)
    received = _received_figures(scope, period)
    if page.kind == REGION:
        first = Card("new", _("Новые"), totals["new"], "primary", "inbox", _("не классифицированы, ждут оператора"))
    else:
        first = Card(
            "classified", _("Ждут направления"), totals["classified"], "primary", "signpost-split",
            _("классифицированы, не направлены в орган"),
        )
    page.cards = [
        first,
        Card("open", _("Открыто"), totals["open"], "neutral", "folder2-open", _("все незакрытые сообщения")),
        Card("overdue", _("Просрочено"), totals["overdue"], "danger", "exclamation-octagon", _("срок ответа истёк")),
        Card(
            "due_today", _("Срок истекает сегодня"), totals["due_today"], "warning", "hourglass-split",
            _("ответ нужен до конца дня"),
        ),
        Card("received_today", _("Поступило сегодня"), received["today"], "neutral", "calendar-day"),
        Card("received_week", _("Поступило за неделю"), received["week"], "neutral", "calendar-week", _("с понедельника")),
    ]
    if sector_ids is None or sector_ids:
        page.sectors = _sector_rows(grouped, sector_ids)
    page.nearest = _nearest(scope.filter(status__in=OPEN), period)


def _agency_page(page: HomePage, user, period: Period) -> None:
    from sectors.models import Agency

    scope = visible_messages(user).filter(status__in=AGENCY_QUEUE)
    names = list(Agency.objects.filter(id__in=page.access.agency_ids).order_by("name").values_list("name", flat=True))
    page.scope_missing = not names
    page.scope_label = ", ".join(names)
    figures = scope.aggregate(
        routed=Count("id", filter=Q(status=MessageStatus.ROUTED)),
        in_work=Count("id", filter=Q(status__in=AGENCY_IN_WORK)),
        returned=Count("id", filter=Q(status=MessageStatus.RETURNED)),
        overdue=Count("id", filter=Q(deadline_at__lt=period.now)),
        due_soon=Count("id", filter=Q(deadline_at__gte=period.now, deadline_at__lt=period.soon_end)),
    )
    page.cards = [
        Card("routed", _("Новые, направлены вам"), figures["routed"], "primary", "envelope-arrow-down", _("ещё не взяты в работу")),
        Card("in_work", _("В работе"), figures["in_work"], "neutral", "briefcase", _("включая промежуточные ответы")),
        Card("returned", _("Возвращены на доработку"), figures["returned"], "warning", "arrow-counterclockwise", _("ответ не принят ЦУР")),
        Card("overdue", _("Просрочено"), figures["overdue"], "danger", "exclamation-octagon", _("срок ответа истёк")),
        Card("due_soon", _("Срок в ближайшие 3 дня"), figures["due_soon"], "warning", "hourglass-split", _("включая сегодня")),
    ]
    page.nearest = _nearest(scope, period)


def _aggregate_page(page: HomePage, user, period: Period) -> None:
    """Region-wide figures for roles that work with aggregates only: no message, no personal data."""
    everything = Message.objects.all()
    page.scope_label = _("%(region)s, все сообщения") % {"region": page.region_name}
    # Of this month's messages whose outcome is known by now (answered, or past the deadline without
    # an answer), the share answered on time.
    month = everything.filter(registered_at__gte=period.month_start).aggregate(
        total=Count("id"),
        on_time=Count("id", filter=Q(answered_at__isnull=False, answered_at__lte=F("deadline_at"))),
        late=Count("id", filter=Q(answered_at__gt=F("deadline_at"))),
        unanswered_overdue=Count("id", filter=Q(answered_at__isnull=True, status__in=OPEN, deadline_at__lt=period.now)),
    )
    due = month["on_time"] + month["late"] + month["unanswered_overdue"]
    on_time_share = round(100 * month["on_time"] / due) if due else None
    grouped = _open_by_sector(everything, period)
    totals = _totals(grouped)
    page.cards = [
        Card("month_total", _("Поступило в этом месяце"), month["total"], "primary", "envelope", _("с 1-го числа")),
        Card(
            "on_time_share", _("Ответы в срок"), on_time_share, "success", "check2-circle",
            _("доля сообщений месяца, на которые ответили в срок"), suffix="%",
        ),
        Card("open", _("Открыто"), totals["open"], "neutral", "folder2-open", _("все незакрытые сообщения")),
        Card("overdue", _("Просрочено"), totals["overdue"], "danger", "exclamation-octagon", _("срок ответа истёк")),
    ]
    page.sectors = _sector_rows(grouped, sector_ids=None)


def _no_role_page(page: HomePage, user, period: Period) -> None:
    from sectors.models import Official

    page.contacts = list(
        Official.objects.filter(is_active=True, role_assignments__role__code=RoleCode.HEAD)
        .order_by("full_name")
        .values("full_name", "position", "email", "phone")[:3]
    )


# ---- queries -----------------------------------------------------------------------------

FIGURES = ("open", "new", "classified", "overdue", "due_today")


def _open_by_sector(scope: QuerySet, period: Period) -> dict[int | None, dict[str, int]]:
    """One grouped query over open messages: every open-message figure, per sector.

    Filters on status and deadline (the status/deadline and sector/status/deadline indexes); the
    page's totals are the sums of these rows, so no second pass over the table is needed.
    """
    rows = (
        scope.filter(status__in=OPEN)
        .values("sector_id")
        .annotate(
            open=Count("id"),
            new=Count("id", filter=Q(status=MessageStatus.NEW)),
            classified=Count("id", filter=Q(status=MessageStatus.CLASSIFIED)),
            overdue=Count("id", filter=Q(deadline_at__lt=period.now)),
            due_today=Count("id", filter=Q(deadline_at__gte=period.now, deadline_at__lt=period.tomorrow_start)),
        )
        .order_by()
    )
    return {row["sector_id"]: {key: row[key] for key in FIGURES} for row in rows}


def _totals(grouped: dict[int | None, dict[str, int]]) -> dict[str, int]:
    return {key: sum(row[key] for row in grouped.values()) for key in FIGURES}


def _received_figures(scope: QuerySet, period: Period) -> dict[str, int]:
    """One query over this week's range of the registration index."""
    return scope.filter(registered_at__gte=period.week_start).aggregate(
        week=Count("id"),
        today=Count("id", filter=Q(registered_at__gte=period.today_start)),
    )


def _sector_rows(grouped: dict[int | None, dict[str, int]], sector_ids) -> list[SectorRow]:
    """The breakdown table: every active sector (or the user's sectors), zeros included."""
    from sectors.models import Sector

    if sector_ids is None:
        wanted = Q(is_active=True) | Q(id__in=[k for k in grouped if k is not None])
    else:
        wanted = Q(id__in=sector_ids)
    rows = []
    sectors = Sector.objects.filter(wanted).order_by("order", "name").values_list("id", "name", "short_name")
    for sector_id, name, short_name in sectors:
        counts = grouped.get(sector_id, {})
        rows.append(
            SectorRow(short_name or name, name, counts.get("open", 0), counts.get("overdue", 0), counts.get("due_today", 0))
        )
    if sector_ids is None and None in grouped:
        counts = grouped[None]
        rows.append(
            SectorRow(
                _("Без блока"), _("Не классифицированы: отраслевой блок ещё не определён"),
                counts["open"], counts["overdue"], counts["due_today"], is_unclassified=True,
            )
        )
    return rows


def _nearest(open_messages: QuerySet, period: Period) -> list[Message]:
    """The messages whose deadline comes next: still on time, soonest first.

    The ten ids are picked in a subquery that reads only (status, deadline_at, id), so the joins
    for the sector, municipality and agency names are made for ten rows, not for every open one.
    """
    ids = open_messages.filter(deadline_at__gte=period.now).order_by("deadline_at", "id").values("id")[:NEAREST_LIMIT]
    return list(
        Message.objects.filter(id__in=Subquery(ids))
        .select_related("sector", "municipality", "agency")
        .only(
            "id", "number", "received_at", "status", "deadline_at",
            "sector__name", "sector__short_name", "municipality__name", "agency__name", "agency__short_name",
        )
        .annotate(snippet=Substr("text", 1, SNIPPET_CHARS))
        .order_by("deadline_at", "id")
    )
