"""The approval chains as data (Положение Tver п.7.3, 7.5–7.7, 10.6–10.7, 11.6–11.8; Pskov п.4–7).

A chain names the role that drafts and submits (scoped to the document's sector when the role is
sector-scoped) and the stages after it, each decided by one role: the last stage approves, the
others agree. Any stage may return the document to its author with remarks; a returned document
is edited and submitted again, and goes through every stage anew.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cur.roles import RoleCode


class DecisionKind(models.TextChoices):
    SUBMITTED = "submitted", _("представлено")
    AGREED = "agreed", _("согласовано")
    APPROVED = "approved", _("утверждено")
    RETURNED = "returned", _("возвращено с замечаниями")


class CaseState(models.TextChoices):
    DRAFT = "draft", _("черновик")
    REVIEW = "review", _("на рассмотрении")
    RETURNED = "returned", _("возвращён на доработку")
    APPROVED = "approved", _("утверждён")


@dataclass(frozen=True)
class Stage:
    role: str
    decision: str  # DecisionKind.AGREED or DecisionKind.APPROVED
    waiting_label: str | Promise
    action_label: str | Promise


@dataclass(frozen=True)
class Chain:
    code: str
    author_role: str
    stages: tuple[Stage, ...]
    submit_label: str | Promise = _("Представить на согласование")

    def stage(self, index: int | None) -> Stage | None:
        if index is None or not 0 <= index < len(self.stages):
            return None
        return self.stages[index]


HEAD_AGREES = Stage(RoleCode.HEAD, DecisionKind.AGREED, _("на согласовании у руководителя ЦУР"), _("Согласовать"))
CURATOR_APPROVES = Stage(RoleCode.CURATOR, DecisionKind.APPROVED, _("на утверждении у куратора"), _("Утвердить"))

# Passports and progress reports: the sector responsible drafts, the head agrees, the curator approves.
PROJECT_DOCUMENT = Chain("project_document", RoleCode.SECTOR_RESPONSIBLE, (HEAD_AGREES, CURATOR_APPROVES))
# Working and expert groups, additional indicators: proposed by the sector responsible, approved by the curator.
CURATOR_DECISION = Chain(
    "curator_decision", RoleCode.SECTOR_RESPONSIBLE, (CURATOR_APPROVES,), submit_label=_("Представить куратору")
)

CHAINS: dict[str, Chain] = {chain.code: chain for chain in (PROJECT_DOCUMENT, CURATOR_DECISION)}


def derive_state(chain: Chain, decisions) -> tuple[str, int | None]:
    """The document's state and pending stage, from its decisions in the order they were made."""
    state, stage = CaseState.DRAFT, None
    for decision in decisions:
        kind = decision.decision
        if kind == DecisionKind.SUBMITTED:
            state, stage = CaseState.REVIEW, 0
        elif kind == DecisionKind.RETURNED:
            state, stage = CaseState.RETURNED, None
        elif kind in (DecisionKind.AGREED, DecisionKind.APPROVED):
            following = decision.stage + 1
            if following >= len(chain.stages):
                state, stage = CaseState.APPROVED, None
            else:
                state, stage = CaseState.REVIEW, following
    return state, stage
