"""The message queue (GET /messages/) and the user's saved filters.

Operators, the ЦУР's leadership, sector roles and agency staff use the same page; what each sees is
decided by `feedback.access.visible_messages` inside the selector. Roles that work with aggregates only
(governor's office, media, technical executive) are refused with 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cur.access import Access, access_for
from cur.access_rules import QUEUE_ROLES
from cur.roles import AGENCY_SCOPED, SECTOR_SCOPED
from cur.templatetags.cur_format import deadline_tone, status_tone, time_left_text
from feedback.forms.queue import QueueChoices, QueueFilterForm, SavedFilterForm, query_string_of
from feedback.models import SavedFilter
from feedback.selectors.queue import ORDER_DEADLINE, ORDER_NEWEST, excerpt, queue_counts, queue_page
from feedback.selectors.suggestions import suggestions_by_message


@dataclass(frozen=True)
class QuickFilter:
    """A preset of the filters with its count beside it; the count and the rows it opens agree."""

    key: str
    label: str | Promise
    params: tuple[tuple[str, str], ...]
    tone: str = ""
    # Agency staff get only routed messages: "unclassified" and "not routed" are never theirs.
    triage_only: bool = False


QUICK_FILTERS = (
    QuickFilter("open", gettext_lazy("Все открытые"), ()),
    QuickFilter("unclassified", gettext_lazy("Без классификации"), (("unclassified", "1"),), "primary", triage_only=True),
    QuickFilter("unrouted", gettext_lazy("Не направлены"), (("unrouted", "1"),), "primary", triage_only=True),
    QuickFilter("overdue", gettext_lazy("Просрочено"), (("due", "overdue"),), "danger"),
    QuickFilter("due_today", gettext_lazy("Срок сегодня"), (("due", "today"),), "warning"),
    QuickFilter("answered", gettext_lazy("На проверке ответа"), (("status", "answered"),), "success"),
    QuickFilter("returned", gettext_lazy("Возвращены"), (("status", "returned"),), "warning"),
    # Not counted: the flag lives beside the message (feedback.models.MessageSuggestion), and a
    # count over the whole scope would cost more than the rest of the page.
    QuickFilter("tone", gettext_lazy("Конфликтные"), (("tone", "1"),), "danger"),
)


def may_use_queue(access: Access) -> bool:
    return access.is_superuser or bool(access.roles & QUEUE_ROLES)


def _queue_access(user) -> Access:
    access = access_for(user)
    if not may_use_queue(access):
        raise PermissionDenied(_("Очередь сообщений доступна операторам, руководству ЦУР, отраслевым блокам и органам."))
    return access


def card_url_maker():
    """The message card's URL for a pk. The card is its own page (`feedback:card`); until it is
    installed the path it will have is used, so the queue's links are right either way."""
    marker = 987654321
    try:
        sample = reverse("feedback:card", kwargs={"pk": marker})
    except NoReverseMatch:
        sample = f"/messages/{marker}/"
    prefix, suffix = sample.split(str(marker), 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _queue_url(query: str = "") -> str:
    url = reverse("feedback:queue")
    return f"{url}?{query}" if query else url


def _scope_label(access: Access) -> str:
    from sectors.models import Agency, Sector

    if access.reads_all_messages:
        return _("Все сообщения региона")
    parts = []
    if access.roles & SECTOR_SCOPED:
        names = Sector.objects.filter(id__in=access.sector_ids).order_by("order", "name").values_list("name", flat=True)
        parts.append(_("Отраслевые блоки: %(names)s") % {"names": ", ".join(names) or _("не назначены")})
    if access.roles & AGENCY_SCOPED:
        names = Agency.objects.filter(id__in=access.agency_ids).order_by("name").values_list("name", flat=True)
        parts.append(_("Орган: %(names)s") % {"names": ", ".join(names) or _("не указан")})
    return " · ".join(parts)


def _quick_links(form: QueueFilterForm, counts: dict[str, int], access: Access) -> list[dict]:
    current = sorted((k, v) for k, v in form.filter_params() if k != "order")
    order = [(k, v) for k, v in form.filter_params() if k == "order"]
    agency_only = access.is_agency_staff_only
    links = []
    for item in QUICK_FILTERS:
        if item.triage_only and agency_only:
            continue
        links.append({
            "key": item.key,
            "label": item.label,
            "count": counts.get(item.key),
            "tone": item.tone,
            "url": _queue_url(query_string_of(list(item.params) + order)),
            "active": current == sorted(item.params),
        })
    return links


def _order_urls(form: QueueFilterForm) -> dict[str, str]:
    """The table's column headers switch the order and keep the filters (from the first page)."""
    params = [(k, v) for k, v in form.filter_params() if k != "order"]
    return {
        ORDER_DEADLINE: _queue_url(query_string_of(params)),
        ORDER_NEWEST: _queue_url(query_string_of(params + [("order", ORDER_NEWEST)])),
    }


def _present(rows, now) -> None:
    """What each row shows, worked out once in Python: with 50 rows, the same through template
    filters (dates in the region's zone, time left, tones) cost more than all the page's queries."""
    card_url = card_url_maker()
    for m in rows:
        m.card_url = card_url(m.pk)
        m.excerpt = excerpt(m.snippet)
        m.received_text = timezone.localtime(m.received_at).strftime("%d.%m.%Y %H:%M")
        m.status_tone = status_tone(m.status)
        m.deadline_text = timezone.localtime(m.deadline_at).strftime("%d.%m.%Y %H:%M") if m.deadline_at else ""
        m.left_text = time_left_text(m.deadline_at, now) if m.deadline_at and m.is_open else ""
        m.left_tone = (deadline_tone(m.deadline_at, now) or "ok") if m.left_text else ""
    # The classifier's guess for rows still waiting for a category, and every row's tone flags.
    analysed = suggestions_by_message(m.pk for m in rows)
    for m in rows:
        found = analysed.get(m.pk)
        m.tone_labels = found.tone_labels() if found else []
        usable = found is not None and found.category_id and found.category.is_active and found.version_id
        m.hint = found if usable and m.category_id is None else None


@login_required
@require_GET
def queue(request):
    access = _queue_access(request.user)
    now = timezone.now()
    form = QueueFilterForm(request.GET, choices=QueueChoices.load())
    form.is_valid()  # errors are shown beside their fields; the valid filters still apply
    query = form.queue_query()
    page = queue_page(request.user, query, now=now)
    _present(page.rows, now)
    counts = queue_counts(request.user, now=now)
    current = form.query_string()
    context = {
        "form": form,
        "page": page,
        "rows": page.rows,
        "now": now,
        "counts": counts,
        "quick_links": _quick_links(form, counts, access),
        "scope_label": _scope_label(access),
        "agency_only": access.is_agency_staff_only,
        "current_query": current,
        "first_url": _queue_url(current),
        "next_url": _queue_url(form.query_string(after=page.next_cursor.encode())) if page.next_cursor else "",
        "reset_url": _queue_url(),
        "order": query.order,
        "order_urls": _order_urls(form),
        "saved_filters": list(SavedFilter.objects.filter(user=request.user).only("id", "name", "query")),
        "save_form": SavedFilterForm(user=request.user, initial={"query": current}),
    }
    return render(request, "feedback/queue.html", context)


@login_required
@require_POST
def saved_filter_save(request):
    _queue_access(request.user)
    form = SavedFilterForm(request.POST, user=request.user)
    if form.is_valid():
        saved = form.save()
        messages.success(request, _("Фильтр «%(name)s» сохранён.") % {"name": saved.name})
        return redirect(_queue_url(saved.query))
    errors = "; ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
    messages.error(request, _("Фильтр не сохранён: %(errors)s") % {"errors": errors})
    return redirect(_queue_url(query_string_of(parse_qsl(request.POST.get("query", "")))))


@login_required
@require_POST
def saved_filter_delete(request, pk: int):
    _queue_access(request.user)
    # Another user's filter does not exist for this one.
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Фильтр «%(name)s» удалён.") % {"name": saved.name})
    return redirect(_queue_url(query_string_of(parse_qsl(request.POST.get("back", "")))))
