"""What the ЦУР's operators do with a message: classify, route, reject, forward, mark as a
duplicate, join to a mass problem, comment, extend the deadline. Each function checks the
workflow (feedback.workflow), changes the message and writes one history event, atomically."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cur.task_queue import enqueue
from feedback.deadlines import DeadlineRules
from feedback.models import CLOSED_STATUSES, EventKind, MassProblem, Message, MessageStatus, MessageSuggestion
from feedback.services.events import lock, record
from feedback.workflow import TransitionRefused, check
from sectors.models import Agency, Category

MAX_EXTENSION_DAYS = 30


def _require(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(f"Укажите {what}.")
    return text


def refresh_overdue(message: Message, now=None) -> None:
    now = now or timezone.now()
    message.is_overdue = bool(message.status not in CLOSED_STATUSES and message.deadline_at and message.deadline_at < now)


def recompute_deadlines(message: Message, rules: DeadlineRules | None = None) -> bool:
    """New category, new rules: unless a person already set the deadline (extension, return).
    Bulk callers pass the rules they read once."""
    if message.deadline_extended or message.returned_count or message.reopened_count:
        return False
    deadlines = (rules or DeadlineRules.load()).deadlines_for(
        message.kind, message.registered_at, channel_id=message.channel_id, category_id=message.category_id
    )
    changed = deadlines.answer != message.deadline_at
    message.deadline_at = deadlines.answer
    message.first_response_due_at = deadlines.first_response
    return changed


@transaction.atomic
def message_classify(*, message: Message, category: Category, by, note: str = "", suggestion: dict | None = None) -> Message:
    """Set the sector and category; `suggestion` is what the classifier offered the operator
    ({"category": id, "confidence": p}) — the event keeps it with whether it was accepted. Without
    one (bulk actions, the API) the suggestion stored at intake is the one the operator saw."""
    message = lock(message)
    check(message, "classify", by)
    if suggestion is None:
        suggestion = _stored_suggestion(message)
        # A later reclassification judges the suggestion only if the classifier's guess is what
        # stands (it auto-routed the message); otherwise it corrects an operator, not the model.
        if suggestion and message.category_id not in (None, suggestion["category"]):
            suggestion = None
    if not category.is_active or not category.sector.is_active:
        raise TransitionRefused("Эта категория больше не действует: выберите другую.")
    before = {"sector": message.sector_id, "category": message.category_id, "deadline": message.deadline_at}
    message.sector_id, message.category_id = category.sector_id, category.id
    deadline_changed = recompute_deadlines(message)
    from_status = message.status
    if message.status == MessageStatus.NEW:
        message.status = MessageStatus.CLASSIFIED
    refresh_overdue(message)
    message.save(update_fields=["sector", "category", "status", "deadline_at", "first_response_due_at", "is_overdue"])
    record(
        message, kind=EventKind.CLASSIFIED, by=by, from_status=from_status, to_status=message.status,
        note=note or f"{category.sector.name} / {category}",
        data={
            "before": {k: str(v) if v else None for k, v in before.items()}, "category": category.id,
            "deadline_changed": deadline_changed,
            **({"suggestion": {**suggestion, "accepted": suggestion.get("category") == category.id}} if suggestion else {}),
        },
    )
    return message


def _stored_suggestion(message: Message) -> dict | None:
    row = MessageSuggestion.objects.filter(message=message, category__isnull=False).values("category_id", "confidence").first()
    return {"category": row["category_id"], "confidence": row["confidence"]} if row else None


@transaction.atomic
def message_route(*, message: Message, agency: Agency, by, note: str = "") -> Message:
    message = lock(message)
    check(message, "route", by)
    if message.category_id is None:
        raise TransitionRefused("Сначала классифицируйте сообщение: без категории его некуда направить.")
    if not agency.is_active:
        raise TransitionRefused(f"Орган «{agency}» не действует: выберите другой.")
    from_status, from_agency = message.status, message.agency_id
    message.agency = agency
    message.status = MessageStatus.ROUTED
    message.reroute_requested_at = None
    message.reroute_reason = ""
    message.save(update_fields=["agency", "status", "reroute_requested_at", "reroute_reason"])
    record(
        message, kind=EventKind.ROUTED, by=by, from_status=from_status, to_status=message.status,
        note=note or str(agency), data={"agency": agency.id, "previous_agency": from_agency},
    )
    enqueue("feedback.tasks.notify_agency_of_routed_message", message.id)
    return message


@transaction.atomic
def message_reject(*, message: Message, reason: str, by) -> Message:
    """Moderation: spam, not a message, insults without substance."""
    message = lock(message)
    check(message, "reject", by)
    return _close(message, MessageStatus.REJECTED, EventKind.STATUS, by, _require(reason, "причину отклонения"))


@transaction.atomic
def message_forward(*, message: Message, recipient: str, reason: str, by) -> Message:
    """Outside the region's competence: forwarded to another body (59-ФЗ: within 7 days)."""
    message = lock(message)
    check(message, "forward", by)
    recipient = _require(recipient, "орган, куда перенаправлено сообщение")
    reason = _require(reason, "причину перенаправления")
    return _close(message, MessageStatus.FORWARDED, EventKind.STATUS, by, f"{recipient}: {reason}", {"recipient": recipient})


@transaction.atomic
def message_mark_duplicate(*, message: Message, original: Message, by) -> Message:
    message = lock(message)
    check(message, "duplicate", by)
    # Point at the first message of the chain, so duplicates never form a tree.
    original = Message.objects.get(pk=original.pk)
    while original.duplicate_of_id:
        original = Message.objects.get(pk=original.duplicate_of_id)
    if original.pk == message.pk:
        raise TransitionRefused("Сообщение не может быть дубликатом самого себя.")
    message.duplicate_of = original
    message.save(update_fields=["duplicate_of"])
    return _close(message, MessageStatus.DUPLICATE, EventKind.DUPLICATE, by, f"Дубликат № {original.number}", {"original": original.pk})


def _close(message: Message, status: str, kind: str, by, note: str, data: dict | None = None) -> Message:
    from_status = message.status
    message.status = status
    message.closed_at = timezone.now()
    message.is_overdue = False
    message.save(update_fields=["status", "closed_at", "is_overdue"])
    record(message, kind=kind, by=by, from_status=from_status, to_status=status, note=note, data=data)
    return message


@transaction.atomic
def message_attach_to_mass_problem(*, message: Message, by, problem: MassProblem | None = None, title: str = "") -> MassProblem:
    """Join a mass problem, or open a new one from this message when only a title is given."""
    message = lock(message)
    check(message, "mass_problem", by)
    if problem is None:
        problem = MassProblem.objects.create(
            title=_require(title, "название массовой проблемы"), sector_id=message.sector_id, category_id=message.category_id,
            municipality_id=message.municipality_id, address=message.address, created_by=by,
        )
    message.mass_problem = problem
    message.save(update_fields=["mass_problem"])
    record(message, kind=EventKind.MASS_PROBLEM, by=by, note=problem.title, data={"mass_problem": problem.pk})
    return problem


@transaction.atomic
def message_comment(*, message: Message, text: str, by) -> None:
    message = lock(message)
    check(message, "comment", by)
    record(message, kind=EventKind.COMMENT, by=by, note=_require(text, "текст комментария"))


@transaction.atomic
def message_extend_deadline(*, message: Message, days: int, reason: str, by) -> Message:
    """59-ФЗ ч.2 ст.12: once, by up to 30 days, with notice to the author."""
    message = lock(message)
    check(message, "extend", by)
    if not message.kind.extendable:
        raise TransitionRefused(f"Срок сообщений вида «{message.kind.name}» не продлевается.")
    if message.deadline_extended:
        raise TransitionRefused("Срок уже продлевался: продлить его можно только один раз.")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise TransitionRefused(f"Продлить можно на 1–{MAX_EXTENSION_DAYS} дней.")
    reason = _require(reason, "причину продления")
    before = message.deadline_at
    message.deadline_at = before + timedelta(days=days)
    message.deadline_extended = True
    refresh_overdue(message)
    message.save(update_fields=["deadline_at", "deadline_extended", "is_overdue"])
    record(message, kind=EventKind.DEADLINE, by=by, note=reason, data={"before": before.isoformat(), "after": message.deadline_at.isoformat(), "days": days})
    return message
