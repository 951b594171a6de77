"""Agency answers and the ЦУР's review of them, and the resident's satisfaction.

An agency takes a message in work, gives interim and final answers (with files), or asks the
ЦУР to re-route; the operator accepts a final answer (the message closes) or returns it with a
reason and a new deadline; a resident's rating of 3 or less reopens the message to the same
agency.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cur.task_queue import enqueue
from feedback.deadlines import DeadlineRules
from feedback.models import (
    Answer,
    AnswerAttachment,
    AnswerKind,
    AnswerReview,
    EventKind,
    Message,
    MessageStatus,
    ReturnReason,
)
from feedback.services.events import lock, record
from feedback.services.triage import _require, refresh_overdue
from feedback.workflow import TransitionRefused, check

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10


@transaction.atomic
def message_take_in_work(*, message: Message, by) -> Message:
    message = lock(message)
    check(message, "take", by)
    from_status = message.status
    message.status = MessageStatus.IN_WORK
    message.save(update_fields=["status"])
    record(message, kind=EventKind.STATUS, by=by, from_status=from_status, to_status=message.status)
    return message


@transaction.atomic
def answer_submit(*, message: Message, kind: str, text: str, by, files: list[UploadedFile] | tuple = ()) -> Answer:
    message = lock(message)
    check(message, "answer" if kind == AnswerKind.FINAL else "interim", by)
    text = _require(text, "текст ответа")
    if len(files) > MAX_ATTACHMENTS:
        raise TransitionRefused(f"К ответу можно приложить не больше {MAX_ATTACHMENTS} файлов.")
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise TransitionRefused(f"Файл «{upload.name}» больше 20 МБ.")
    now = timezone.now()
    answer = Answer.objects.create(message=message, agency_id=message.agency_id, author=by, kind=kind, text=text)
    for upload in files:
        AnswerAttachment.objects.create(answer=answer, file=upload, name=upload.name[:255], size=upload.size)
    from_status = message.status
    fields = ["status", "first_response_at"]
    message.first_response_at = message.first_response_at or now
    if kind == AnswerKind.FINAL:
        message.status = MessageStatus.ANSWERED
        message.answered_at = now
        fields.append("answered_at")
    else:
        message.status = MessageStatus.INTERIM
    message.save(update_fields=fields)
    record(
        message, kind=EventKind.ANSWER, by=by, from_status=from_status, to_status=message.status,
        note=text[:500], data={"answer": answer.pk, "kind": kind, "files": len(files)},
    )
    return answer


def _pending_final_answer(message: Message) -> Answer:
    answer = message.answers.filter(kind=AnswerKind.FINAL, review=AnswerReview.PENDING).order_by("-created_at", "-id").first()
    if answer is None:
        raise TransitionRefused("Нет окончательного ответа, ожидающего проверки.")
    return answer


@transaction.atomic
def answer_accept(*, message: Message, by, note: str = "") -> Message:
    message = lock(message)
    check(message, "accept", by)
    answer = _pending_final_answer(message)
    now = timezone.now()
    answer.review, answer.reviewed_by, answer.reviewed_at, answer.review_note = AnswerReview.ACCEPTED, by, now, note
    answer.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    from_status = message.status
    message.status = MessageStatus.CLOSED
    message.closed_at = now
    message.is_overdue = False
    message.save(update_fields=["status", "closed_at", "is_overdue"])
    record(message, kind=EventKind.REVIEW, by=by, from_status=from_status, to_status=message.status, note=note or "Ответ принят", data={"answer": answer.pk})
    return message


@transaction.atomic
def answer_return(*, message: Message, reason: str, new_deadline: datetime, by, note: str = "") -> Message:
    """Отписка, не по существу, неполный ответ: back to the agency with a new deadline."""
    message = lock(message)
    check(message, "return", by)
    if reason not in ReturnReason.values:
        raise TransitionRefused("Выберите причину возврата: отписка, не по существу или неполный ответ.")
    if new_deadline <= timezone.now():
        raise TransitionRefused("Новый срок должен быть в будущем.")
    answer = _pending_final_answer(message)
    answer.review, answer.return_reason, answer.review_note = AnswerReview.RETURNED, reason, note
    answer.reviewed_by, answer.reviewed_at = by, timezone.now()
    answer.save(update_fields=["review", "return_reason", "review_note", "reviewed_by", "reviewed_at"])
    from_status = message.status
    message.status = MessageStatus.RETURNED
    message.deadline_at = new_deadline
    message.answered_at = None
    message.returned_count += 1
    refresh_overdue(message)
    message.save(update_fields=["status", "deadline_at", "answered_at", "returned_count", "is_overdue"])
    record(
        message, kind=EventKind.REVIEW, by=by, from_status=from_status, to_status=message.status,
        note=f"{ReturnReason(reason).label}. {note}".strip(), data={"answer": answer.pk, "reason": reason, "deadline": new_deadline.isoformat()},
    )
    return message


@transaction.atomic
def message_rate(*, message: Message, rating: int, solved: bool | None, by) -> Message:
    """The resident's rating (by the channel or the operator's call-back); 1–3 reopens the message."""
    message = lock(message)
    check(message, "rate", by)
    if rating not in range(1, 6):
        raise TransitionRefused("Оценка — число от 1 до 5.")
    now = timezone.now()
    message.rating, message.solved, message.rated_at = rating, solved, now
    fields = ["rating", "solved", "rated_at"]
    from_status = message.status
    if rating <= 3:
        # Back to the same agency with a fresh term counted from today.
        deadlines = DeadlineRules.load().deadlines_for(message.kind, now, channel_id=message.channel_id, category_id=message.category_id)
        message.status = MessageStatus.REOPENED
        message.closed_at = None
        message.answered_at = None
        message.deadline_at = deadlines.answer
        message.reopened_count += 1
        refresh_overdue(message)
        fields += ["status", "closed_at", "answered_at", "deadline_at", "reopened_count", "is_overdue"]
    message.save(update_fields=fields)
    solved_text = {True: "проблема решена", False: "проблема не решена", None: ""}[solved]
    record(
        message, kind=EventKind.RATING, by=by, from_status=from_status, to_status=message.status,
        note=f"Оценка {rating}" + (f", {solved_text}" if solved_text else ""), data={"rating": rating, "solved": solved},
    )
    if message.status == MessageStatus.REOPENED:
        enqueue("feedback.tasks.notify_agency_of_routed_message", message.id)
    return message


@transaction.atomic
def message_request_reroute(*, message: Message, reason: str, by) -> Message:
    message = lock(message)
    check(message, "reroute_request", by)
    message.reroute_requested_at = timezone.now()
    message.reroute_reason = _require(reason, "почему сообщение нужно переадресовать")
    message.save(update_fields=["reroute_requested_at", "reroute_reason"])
    record(message, kind=EventKind.REROUTE_REQUEST, by=by, note=message.reroute_reason)
    return message
