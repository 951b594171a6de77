"""The message card (GET /messages/<id>/): the message, its history, answers, related messages,
and a small form for every action the user may take on it now.

Access goes through `cur.access.get_message_for_user`: a message the user may not see (another
agency's, or any message for a role that works with aggregates only) is a 404, so its existence
is not revealed. The action forms post to `feedback.views.actions`, which re-renders this page
through `render_card` when an action is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from feedback.forms.actions import ACTION_FORMS, ActionForm
from feedback.models import Message, MessageStatus
from feedback.selectors.card import card_data, card_message
from feedback.views.mass_problems import card_mass_suggestion
from feedback.workflow import TRANSITIONS, allowed_actions

# The order of the action panels: the usual next step of each role first, rare ones last.
PANEL_ORDER = (
    "classify", "route", "take", "answer", "interim", "accept", "return", "rate",
    "reroute_request", "extend", "mass_problem", "duplicate", "forward", "reject", "comment",
)
# The panels open when the card opens: what the message is waiting for in this state.
NEXT_STEP = {
    MessageStatus.NEW: {"classify"},
    MessageStatus.CLASSIFIED: {"route"},
    MessageStatus.ROUTED: {"take", "answer"},
    MessageStatus.IN_WORK: {"answer"},
    MessageStatus.INTERIM: {"answer"},
    MessageStatus.RETURNED: {"take", "answer"},
    MessageStatus.REOPENED: {"take", "answer"},
    MessageStatus.ANSWERED: {"accept", "return"},
    MessageStatus.CLOSED: {"rate"},
}


@dataclass(frozen=True)
class ActionPanel:
    action: str
    label: str
    form: ActionForm
    open: bool


def card_refusal(message: Message, action: str) -> str | None:
    """What the workflow table cannot say but the service would refuse anyway: the card does not
    offer a form that can only fail."""
    if action == "extend":
        if not message.kind.extendable:
            return _("Срок сообщений вида «%(kind)s» не продлевается.") % {"kind": message.kind.name}
        if message.deadline_extended:
            return _("Срок уже продлевался: продлить его можно только один раз.")
    return None


def shown_actions(message: Message, user) -> list[str]:
    """The workflow's allowed actions, less those that would be refused for this message anyway."""
    return [action for action in allowed_actions(message, user) if card_refusal(message, action) is None]


def action_panels(message: Message, user, bound: ActionForm | None = None) -> list[ActionPanel]:
    actions = shown_actions(message, user)
    if bound is not None and bound.action not in actions:
        bound = None
    next_step = set(NEXT_STEP.get(message.status, ()))
    if message.reroute_requested_at:
        next_step.add("route")
    panels = []
    for action in sorted(actions, key=PANEL_ORDER.index):
        form = bound if bound is not None and bound.action == action else ACTION_FORMS[action](message=message, user=user)
        opened = action in next_step or form is bound
        panels.append(ActionPanel(action, str(TRANSITIONS[action].label), form, opened))
    return panels


def render_card(request, message: Message, *, bound: ActionForm | None = None, refused: str = "", status: int = 200):
    """The card, optionally with a form that failed (its values and errors kept) or a refusal."""
    context = {
        "card": card_data(request.user, message),
        "message": message,
        "panels": action_panels(message, request.user, bound),
        "refused": refused,
        "failed_action": bound.action if bound is not None else "",
        "mass_suggestion": card_mass_suggestion(request.user, message, next_url=request.path),
    }
    return render(request, "feedback/card.html", context, status=status)


@login_required
@require_GET
def card(request, pk: int):
    return render_card(request, card_message(request.user, pk))
