"""Submitting, agreeing, approving and returning any approvable document.

Every function locks the case, checks that the actor may take this step now (a refusal is an
ApprovalRefused with a Russian message), appends one immutable Decision, re-derives the state
from all decisions and queues the e-mail to whoever acts next once the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cur.roles import RoleCode
from cur.task_queue import enqueue
from roadmap.access import holds, may_draft_for
from roadmap.approvals.chains import CaseState, DecisionKind, derive_state
from roadmap.approvals.registry import entry_for_model
from roadmap.models import ApprovalCase, Decision

SUBMIT, FORWARD, RETURN = "submit", "forward", "return"


class ApprovalRefused(Exception):
    """The actor may not take this step now; the message says why, in Russian."""


class ApprovalIncomplete(ApprovalRefused):
    """The actor may take the step, but something is missing (remarks, a required part)."""


@dataclass(frozen=True)
class Action:
    code: str  # submit | forward | return
    label: str | Promise
    style: str
    needs_comment: bool = False


def _role_name(code: str) -> str:
    return str(RoleCode(code).label)


def approval_open(*, document, author, title: str) -> ApprovalCase:
    """A draft case for a new document; call inside the transaction that creates the document."""
    entry = entry_for_model(type(document))
    case = ApprovalCase.objects.create(
        content_type=ContentType.objects.get_for_model(type(document)),
        object_id=document.pk,
        chain=entry.chain.code,
        sector_id=entry.sector_id(document),
        title=title[:500],
        author=author,
    )
    document.approval = case
    document.save(update_fields=["approval"])
    return case


def approval_retitle(*, case: ApprovalCase, title: str) -> None:
    if case.title != title[:500]:
        case.title = title[:500]
        case.save(update_fields=["title"])


def actions_for(user, case: ApprovalCase) -> list[Action]:
    """The steps this user may take on the document now: what the page offers him."""
    chain = case.chain_def
    if case.state in (CaseState.DRAFT, CaseState.RETURNED):
        if holds(user, chain.author_role) and may_draft_for(user, case.sector_id):
            return [Action(SUBMIT, chain.submit_label, "primary")]
        return []
    stage = chain.stage(case.stage)
    if case.state == CaseState.REVIEW and stage is not None and holds(user, stage.role):
        return [
            Action(FORWARD, stage.action_label, "success"),
            Action(RETURN, gettext_lazy("Вернуть с замечаниями"), "outline-danger", needs_comment=True),
        ]
    return []


def check_author(*, case: ApprovalCase, by) -> None:
    """Only the author's role, for the document's own sector, drafts and edits it."""
    chain = case.chain_def
    if not holds(by, chain.author_role):
        raise ApprovalRefused(_("Готовит и представляет документ %(role)s.") % {"role": _role_name(chain.author_role)})
    if not may_draft_for(by, case.sector_id):
        raise ApprovalRefused(_("Документ относится к отраслевому блоку, за который вы не отвечаете."))


def check_editable(*, case: ApprovalCase, by) -> None:
    if case.state == CaseState.APPROVED:
        raise ApprovalRefused(_("Утверждённый документ не изменяется: создайте новую версию, она пройдёт согласование заново."))
    if case.state == CaseState.REVIEW:
        raise ApprovalRefused(_("Документ на рассмотрении: изменить его можно, только если его вернут на доработку."))
    check_author(case=case, by=by)


def _lock(document) -> ApprovalCase:
    if document.approval_id is None:
        raise ApprovalRefused(_("У документа нет карточки согласования."))
    return ApprovalCase.objects.select_for_update().get(pk=document.approval_id)


def _record(case: ApprovalCase, *, by, role: str, kind: str, stage: int | None, comment: str, at=None, notify: bool = True) -> Decision:
    # The clock at the decision, not the transaction's start (the column's default): decisions made
    # in one transaction (a test, the demo) keep their order in time.
    decision = Decision.objects.create(
        case=case, actor=by, actor_name=by.get_full_name(), role=role, decision=kind, stage=stage, comment=comment,
        at=at or timezone.now(),
    )
    case.state, case.stage = derive_state(case.chain_def, case.decisions.order_by("at", "id"))
    chain = case.chain_def
    if case.state == CaseState.REVIEW:
        case.pending_role = chain.stage(case.stage).role
    elif case.state == CaseState.RETURNED:
        case.pending_role = chain.author_role
    else:
        case.pending_role = ""
    case.updated_at = decision.at
    case.save(update_fields=["state", "stage", "pending_role", "updated_at"])
    if notify:
        enqueue("roadmap.tasks.notify_approval_decision", decision.pk)
    return decision


@transaction.atomic
def approval_submit(*, document, by, comment: str = "", at=None, notify: bool = True) -> Decision:
    """`at` and `notify` are for loading past decisions (the demo): a person's decision is made now and announced."""
    case = _lock(document)
    if case.state not in (CaseState.DRAFT, CaseState.RETURNED):
        raise ApprovalRefused(_("Документ уже представлен: сейчас он %(state)s.") % {"state": case.state_label})
    check_author(case=case, by=by)
    # Checked on the stored document, not on the caller's copy, which may predate its last save.
    problems = entry_for_model(type(document)).problems(type(document).objects.get(pk=document.pk))
    if problems:
        raise ApprovalIncomplete(_("Документ не готов к представлению: %(problems)s") % {"problems": "; ".join(problems)})
    return _record(case, by=by, role=case.chain_def.author_role, kind=DecisionKind.SUBMITTED, stage=None, comment=comment.strip(),
                   at=at, notify=notify)


@transaction.atomic
def approval_decide(*, document, by, action: str, comment: str = "", at=None, notify: bool = True) -> Decision:
    """`forward` agrees or approves at the pending stage; `return` sends it back with remarks."""
    case = _lock(document)
    chain = case.chain_def
    stage = chain.stage(case.stage)
    if case.state != CaseState.REVIEW or stage is None:
        raise ApprovalRefused(_("Документ сейчас не ждёт решения: он %(state)s.") % {"state": case.state_label})
    if not holds(by, stage.role):
        raise ApprovalRefused(
            _("Документ %(waiting)s: решение сейчас принимает %(role)s.") % {"waiting": stage.waiting_label, "role": _role_name(stage.role)}
        )
    comment = (comment or "").strip()
    if action == RETURN:
        if not comment:
            raise ApprovalIncomplete(_("Укажите замечания: без них автору непонятно, что исправить."))
        return _record(case, by=by, role=stage.role, kind=DecisionKind.RETURNED, stage=case.stage, comment=comment, at=at, notify=notify)
    if action != FORWARD:
        raise ApprovalRefused(_("Неизвестное решение."))
    decision = _record(case, by=by, role=stage.role, kind=stage.decision, stage=case.stage, comment=comment, at=at, notify=notify)
    if case.state == CaseState.APPROVED:
        entry_for_model(type(document)).on_approved(type(document).objects.get(pk=document.pk))
    return decision
