"""Joining many messages to one mass problem at once: the card's and the list's «Объединить».

Each message goes through `message_attach_to_mass_problem`, the card's own action: the same
workflow check, the same history event. All of them run in one transaction: if one message may not
join (another operator closed it a second ago, it is not the user's to change), none does, and the
refusal names that message.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from feedback.access import visible_messages
from feedback.models import MassProblem, Message
from feedback.services.triage import message_attach_to_mass_problem
from feedback.workflow import TransitionRefused


@transaction.atomic
def messages_join_mass_problem(*, messages: Iterable[Message], by, problem: MassProblem | None = None, title: str = "") -> MassProblem:
    """Join the messages to `problem`, or to a new one titled `title` opened from the first message.

    Messages already in this problem are left as they are. Raises TransitionRefused (in Russian)
    when any message may not join; then nothing is changed.
    """
    ordered = sorted({m.pk: m for m in messages}.values(), key=lambda m: m.pk)
    if not ordered:
        raise TransitionRefused("Не выбрано ни одного сообщения.")
    # Rows are locked in id order by the single-message service, so two joins of overlapping sets
    # wait for each other instead of deadlocking.
    visible = set(visible_messages(by).filter(pk__in=[m.pk for m in ordered]).values_list("pk", flat=True))
    for message in ordered:
        if message.pk not in visible:
            raise TransitionRefused(f"Сообщение № {message.number}: сообщение вам недоступно.")
    if problem is not None:
        problem = MassProblem.objects.select_for_update().get(pk=problem.pk)
        if problem.state != MassProblem.State.OPEN:
            raise TransitionRefused(f"Массовая проблема «{problem.title}» уже решена: к ней нельзя присоединить сообщения.")
    elif not (title or "").strip():
        raise TransitionRefused("Укажите название массовой проблемы.")
    for message in ordered:
        if problem is not None and message.mass_problem_id == problem.pk:
            continue
        try:
            problem = message_attach_to_mass_problem(message=message, by=by, problem=problem, title=title)
        except TransitionRefused as refused:
            raise TransitionRefused(f"Сообщение № {message.number}: {refused}") from None
    return problem
