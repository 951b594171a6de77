"""The card's actions (POST /messages/<id>/<action>/): validate the form, call the service, redirect.

One dispatcher for the fifteen actions: each differs only in its form (feedback.forms.actions)
and the service it calls (`PERFORMERS` below). The workflow decides who may do what:

- a message the user may not see → 404, as on the card;
- an action the workflow refuses to this user now (a sector lead routing, an agency answering a
  closed message) → the card again with the refusal in Russian, status 403;
- a form with errors, or a service refusing (a reason missing, the message changed meanwhile)
  → the card again with the errors and the typed values, status 400;
- success → a redirect to the card with a success notice (post/redirect/get).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cur.redirects import safe_next
from feedback.forms.actions import ACTION_FORMS, ActionForm
from feedback.models import Message, MessageStatus
from feedback.selectors.card import card_message
from feedback.services import answers, triage
from feedback.views.card import card_refusal, render_card
from feedback.workflow import TransitionRefused, refusal


def _classify(form, message, user) -> str:
    category = form.cleaned_data["category"]
    triage.message_classify(
        message=message, category=category, by=user, note=form.cleaned_data["note"], suggestion=form.suggestion_data(),
    )
    return _("Сообщение классифицировано: %(sector)s / %(category)s.") % {"sector": category.sector.name, "category": category}


def _route(form, message, user) -> str:
    agency = form.cleaned_data["agency"]
    triage.message_route(message=message, agency=agency, by=user, note=form.cleaned_data["note"])
    return _("Сообщение направлено в орган: %(agency)s.") % {"agency": agency.name}


def _reject(form, message, user) -> str:
    triage.message_reject(message=message, reason=form.reason_text(), by=user)
    return _("Сообщение отклонено: %(reason)s") % {"reason": form.reason_text()}


def _forward(form, message, user) -> str:
    data = form.cleaned_data
    triage.message_forward(message=message, recipient=data["recipient"], reason=data["reason"], by=user)
    return _("Сообщение перенаправлено: %(recipient)s.") % {"recipient": data["recipient"]}


def _duplicate(form, message, user) -> str:
    done = triage.message_mark_duplicate(message=message, original=form.cleaned_data["original"], by=user)
    return _("Сообщение закрыто как дубликат № %(number)s.") % {"number": done.duplicate_of.number}


def _mass_problem(form, message, user) -> str:
    data = form.cleaned_data
    problem = triage.message_attach_to_mass_problem(message=message, problem=data["problem"], title=data["title"], by=user)
    return _("Сообщение связано с массовой проблемой «%(title)s».") % {"title": problem.title}


def _comment(form, message, user) -> str:
    triage.message_comment(message=message, text=form.cleaned_data["text"], by=user)
    return _("Комментарий добавлен.")


def _extend(form, message, user) -> str:
    data = form.cleaned_data
    triage.message_extend_deadline(message=message, days=data["days"], reason=data["reason"], by=user)
    return _("Срок продлён на %(days)d дн.") % {"days": data["days"]}


def _take(form, message, user) -> str:
    answers.message_take_in_work(message=message, by=user)
    return _("Сообщение взято в работу.")


def _answer(form, message, user) -> str:
    data = form.cleaned_data
    answers.answer_submit(message=message, kind=form.kind, text=data["text"], files=data["files"], by=user)
    if form.action == "interim":
        return _("Промежуточный ответ отправлен.")
    return _("Ответ отправлен в ЦУР на проверку.")


def _reroute_request(form, message, user) -> str:
    answers.message_request_reroute(message=message, reason=form.cleaned_data["reason"], by=user)
    return _("Запрос на переадресацию отправлен в ЦУР.")


def _accept(form, message, user) -> str:
    answers.answer_accept(message=message, note=form.cleaned_data["note"], by=user)
    return _("Ответ принят, сообщение закрыто.")


def _return(form, message, user) -> str:
    data = form.cleaned_data
    answers.answer_return(message=message, reason=data["reason"], new_deadline=data["new_deadline"], note=data["comment"], by=user)
    return _("Ответ возвращён на доработку, новый срок — %(day)s.") % {"day": f"{data['new_deadline']:%d.%m.%Y}"}


def _rate(form, message, user) -> str:
    data = form.cleaned_data
    done = answers.message_rate(message=message, rating=data["rating"], solved=data["solved"], by=user)
    if done.status == MessageStatus.REOPENED:
        return _("Оценка %(rating)d записана; сообщение возобновлено и возвращено органу.") % {"rating": data["rating"]}
    return _("Оценка %(rating)d записана.") % {"rating": data["rating"]}


PERFORMERS: dict[str, Callable[[ActionForm, Message, object], str]] = {
    "classify": _classify, "route": _route, "reject": _reject, "forward": _forward, "duplicate": _duplicate,
    "mass_problem": _mass_problem, "comment": _comment, "extend": _extend, "take": _take, "interim": _answer,
    "answer": _answer, "reroute_request": _reroute_request, "accept": _accept, "return": _return, "rate": _rate,
}
assert set(PERFORMERS) == set(ACTION_FORMS), "every action has a form and a performer"


def _next_url(request) -> str | None:
    """Where an action posted from the queue (accepting a suggestion) returns: the queue page it
    came from, never another site."""
    return safe_next(request, request.POST.get("next"), default=None, within=reverse("feedback:queue"))


@login_required
def action(request, pk: int, action: str):
    if action not in PERFORMERS:
        raise Http404
    message = card_message(request.user, pk)
    card_url = reverse("feedback:card", kwargs={"pk": message.pk})
    if request.method != "POST":
        # A reload of a refused action's page, or a link: the form lives on the card.
        return redirect(f"{card_url}#{action}")
    reason = refusal(message, action, request.user) or card_refusal(message, action)
    if reason:
        return render_card(request, message, refused=reason, status=403)
    form = ACTION_FORMS[action](request.POST, request.FILES, message=message, user=request.user)
    if form.is_valid():
        try:
            done = PERFORMERS[action](form, message, request.user)
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return redirect(_next_url(request) or card_url)
    return render_card(request, message, bound=form, status=400)
