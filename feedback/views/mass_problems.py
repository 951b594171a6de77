"""«Массовые проблемы» (GET /mass-problems/): suggested clusters of near-duplicate messages and the open
mass problems; «Объединить» (POST /mass-problems/join/) joins a suggestion's messages to one problem,
from this page or from the message card.

Who: the page is for those who read messages by sector or the whole region (operators, the head,
sector leads); agency staff are refused. Everyone sees only the messages `cur.access` lets them
see, so a sector lead's clusters are his sectors'. Joining is the workflow's «Массовая проблема»
action (operators and the head), checked per message by the service.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cur.access import access_for
from cur.access_rules import MASS_PROBLEM_READERS
from cur.redirects import safe_next
from feedback.access import visible_messages
from feedback.forms.mass_problems import MassJoinForm
from feedback.models import MassProblem, Message
from feedback.selectors.near_duplicates import LIST_DAYS, MIN_CLUSTER, card_suggestion, suggested_clusters
from feedback.services.mass_problems import messages_join_mass_problem
from feedback.workflow import CUR_STAFF, TransitionRefused, allowed_actions

READERS = MASS_PROBLEM_READERS
MAX_DAYS = 30
LISTED_PROBLEMS = 50


def may_read(user) -> bool:
    return access_for(user).has(*READERS)


def may_join(user) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.roles & CUR_STAFF)


@dataclass
class SuggestionBlock:
    """A suggestion with its «Объединить» form."""

    suggestion: object
    form: MassJoinForm | None


def _join_form(*, ids: list[int], title: str, problems, next_url: str) -> MassJoinForm:
    return MassJoinForm(initial={"ids": ids, "title": title, "next": next_url}, problems=problems)


def card_mass_suggestion(user, message: Message, *, next_url: str) -> SuggestionBlock | None:
    """The card's block, only for those who may join this message to a mass problem now."""
    if "mass_problem" not in allowed_actions(message, user):
        return None
    suggestion = card_suggestion(user, message)
    if suggestion is None:
        return None
    form = _join_form(ids=suggestion.ids, title=suggestion.title, problems=suggestion.problems, next_url=next_url)
    return SuggestionBlock(suggestion, form)


def _days(request) -> int:
    try:
        days = int(request.GET.get("days", LIST_DAYS))
    except (TypeError, ValueError):
        return LIST_DAYS
    return min(max(days, 1), MAX_DAYS)


def _open_problems(user) -> list[MassProblem]:
    """Open mass problems with the number of their messages the user may see, newest first."""
    access = access_for(user)
    qs = MassProblem.objects.filter(state=MassProblem.State.OPEN).select_related("category", "municipality")
    if not access.reads_all_messages:
        qs = qs.filter(sector_id__in=access.sector_ids)
    visible = visible_messages(user, Message.objects.filter(mass_problem__isnull=False)).values("pk")
    qs = qs.annotate(shown=Count("messages", filter=Q(messages__in=visible)))
    return list(qs.order_by("-created_at")[:LISTED_PROBLEMS])


@login_required
@require_GET
def mass_problems(request):
    if not may_read(request.user):
        raise PermissionDenied(_("Массовые проблемы доступны операторам, руководителю ЦУР и руководителям отраслевых блоков."))
    days = _days(request)
    clusters = suggested_clusters(request.user, days=days)
    problems = _open_problems(request.user)
    can_join = may_join(request.user)
    blocks = []
    here = request.get_full_path()
    for cluster in clusters:
        form = None
        if can_join:
            first = cluster.messages[0]
            options = [p for p in problems if p.municipality_id == first.municipality_id and p.sector_id in (None, first.sector_id)]
            form = _join_form(ids=cluster.ids, title=cluster.title, problems=options, next_url=here)
        blocks.append(SuggestionBlock(cluster, form))
    context = {
        "blocks": blocks, "problems": problems, "days": days, "min_size": MIN_CLUSTER, "can_join": can_join,
        "day_choices": (3, 7, 14, 30),
    }
    return render(request, "feedback/mass_problems.html", context)


def _back(request, form: MassJoinForm) -> str:
    target = (form.cleaned_data.get("next") if hasattr(form, "cleaned_data") else None) or request.POST.get("next", "")
    return safe_next(request, target, default=reverse("feedback:mass_problems"))


@login_required
@require_POST
def join(request):
    if not may_join(request.user):
        raise PermissionDenied(_("Объединять сообщения в массовую проблему могут операторы и руководитель ЦУР."))
    form = MassJoinForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, _("Сообщения не объединены: %(errors)s") % {"errors": " ".join(errors)})
        return redirect(_back(request, form))
    data = form.cleaned_data
    found = list(visible_messages(request.user).filter(pk__in=data["ids"]).defer("search_vector"))
    if len(found) != len(data["ids"]):
        messages.error(request, _("Сообщения не объединены: часть сообщений не найдена или вам недоступна. Обновите страницу."))
        return redirect(_back(request, form))
    try:
        problem = messages_join_mass_problem(messages=found, by=request.user, problem=data["problem"], title=data["title"])
    except TransitionRefused as refused:
        messages.error(request, _("Сообщения не объединены: %(reason)s") % {"reason": refused})
        return redirect(_back(request, form))
    messages.success(
        request,
        _("Сообщений объединено в массовую проблему «%(title)s»: %(count)d.") % {"title": problem.title, "count": len(found)},
    )
    return redirect(_back(request, form))
