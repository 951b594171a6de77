"""The approval mechanism on a passport: the whole chain with returns, every wrong actor refused,
decisions immutable, state derived from decisions, the next approver told by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from roadmap.approvals.chains import CaseState, DecisionKind
from roadmap.models import Decision
from roadmap.services.approvals import (
    ApprovalIncomplete,
    ApprovalRefused,
    actions_for,
    approval_decide,
    approval_submit,
)
from roadmap.services.passports import passport_update
from tests.roadmap.conftest import passport_children, passport_fields


def state(version):
    version.approval.refresh_from_db()
    return version.approval.state, version.approval.stage


def test_it_walks_the_whole_chain_with_returns(make_passport, people):
    version = make_passport()
    assert state(version) == (CaseState.DRAFT, None)
    approval_submit(document=version, by=people.minister)
    assert state(version) == (CaseState.REVIEW, 0)
    approval_decide(document=version, by=people.head, action="return", comment="Нет методики для второго показателя")
    assert state(version) == (CaseState.RETURNED, None)
    # Returned: the author edits and submits again.
    passport_update(version=version, by=people.minister, fields=passport_fields("Прозрачный ремонт дорог, уточнённый"),
                    children=passport_children())
    approval_submit(document=version, by=people.minister, comment="Исправлено")
    approval_decide(document=version, by=people.head, action="forward", comment="Согласовано")
    assert state(version) == (CaseState.REVIEW, 1)
    approval_decide(document=version, by=people.curator, action="return", comment="Сроки нереальны")
    assert state(version) == (CaseState.RETURNED, None)
    # After a curator's return the document goes through the head again.
    approval_submit(document=version, by=people.minister)
    assert state(version) == (CaseState.REVIEW, 0)
    approval_decide(document=version, by=people.head, action="forward")
    approval_decide(document=version, by=people.curator, action="forward", comment="Утверждаю")
    assert state(version) == (CaseState.APPROVED, None)

    decisions = list(Decision.objects.filter(case=version.approval).order_by("at", "id"))
    assert [(d.decision, d.actor, d.role) for d in decisions] == [
        (DecisionKind.SUBMITTED, people.minister, "sector_responsible"),
        (DecisionKind.RETURNED, people.head, "head"),
        (DecisionKind.SUBMITTED, people.minister, "sector_responsible"),
        (DecisionKind.AGREED, people.head, "head"),
        (DecisionKind.RETURNED, people.curator, "curator"),
        (DecisionKind.SUBMITTED, people.minister, "sector_responsible"),
        (DecisionKind.AGREED, people.head, "head"),
        (DecisionKind.APPROVED, people.curator, "curator"),
    ]
    assert decisions[1].comment == "Нет методики для второго показателя"
    assert decisions[0].actor_name == people.minister.get_full_name()
    version.project.refresh_from_db()
    assert version.project.current_version_id == version.pk
    assert version.project.title == "Прозрачный ремонт дорог, уточнённый"


def test_it_refuses_a_sector_responsible_of_another_sector(make_passport, people):
    version = make_passport()
    with pytest.raises(ApprovalRefused, match="не отвечаете"):
        approval_submit(document=version, by=people.health_minister)
    with pytest.raises(ApprovalRefused):
        passport_update(version=version, by=people.health_minister, fields=passport_fields(), children=passport_children())
    assert state(version) == (CaseState.DRAFT, None)


@pytest.mark.parametrize("who", ["operator", "agency", "lead", "outsider", "head", "curator"])
def test_it_refuses_submission_by_anyone_but_the_author_role(make_passport, people, who):
    version = make_passport()
    with pytest.raises(ApprovalRefused, match="Ответственный за отраслевой блок"):
        approval_submit(document=version, by=getattr(people, who))


@pytest.mark.parametrize("who", ["operator", "minister", "curator", "outsider", "lead"])
def test_it_lets_only_the_head_agree(make_passport, people, who):
    version = make_passport()
    approval_submit(document=version, by=people.minister)
    with pytest.raises(ApprovalRefused, match="на согласовании у руководителя ЦУР"):
        approval_decide(document=version, by=getattr(people, who), action="forward")
    assert state(version) == (CaseState.REVIEW, 0)


def test_it_refuses_the_curator_before_the_head_agreed(make_passport, people):
    version = make_passport()
    with pytest.raises(ApprovalRefused, match="не ждёт решения"):
        approval_decide(document=version, by=people.curator, action="forward")
    approval_submit(document=version, by=people.minister)
    with pytest.raises(ApprovalRefused, match="решение сейчас принимает Руководитель ЦУР"):
        approval_decide(document=version, by=people.curator, action="forward")
    assert Decision.objects.filter(case=version.approval).count() == 1


def test_it_refuses_the_head_at_the_curators_stage(make_passport, people):
    version = make_passport()
    approval_submit(document=version, by=people.minister)
    approval_decide(document=version, by=people.head, action="forward")
    with pytest.raises(ApprovalRefused, match="Куратор ЦУР"):
        approval_decide(document=version, by=people.head, action="forward")


def test_it_does_not_let_a_superuser_sign_for_a_role_he_does_not_hold(make_passport, people, make_user):
    admin = make_user()
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    version = make_passport()
    approval_submit(document=version, by=people.minister)
    with pytest.raises(ApprovalRefused):
        approval_decide(document=version, by=admin, action="forward")


def test_it_asks_for_remarks_to_return(make_passport, people):
    version = make_passport()
    approval_submit(document=version, by=people.minister)
    with pytest.raises(ApprovalIncomplete, match="Укажите замечания"):
        approval_decide(document=version, by=people.head, action="return", comment="   ")


def test_it_refuses_to_submit_an_incomplete_passport(people, region):
    from roadmap.services.passports import passport_create

    children = passport_children()
    children["goals"] = []
    version = passport_create(sector=region.roads, by=people.minister, fields=passport_fields(), children=children)
    with pytest.raises(ApprovalIncomplete, match="не указана ни одна цель"):
        approval_submit(document=version, by=people.minister)


def test_it_refuses_anyone_editing_an_approved_version(approved_passport, people):
    for who in (people.minister, people.head, people.curator, people.health_minister):
        with pytest.raises(ApprovalRefused):
            passport_update(version=approved_passport, by=who, fields=passport_fields("Другое"), children=passport_children())
    approved_passport.refresh_from_db()
    assert approved_passport.title == "Прозрачный ремонт дорог"


def test_it_refuses_editing_while_under_review(make_passport, people):
    version = make_passport()
    approval_submit(document=version, by=people.minister)
    with pytest.raises(ApprovalRefused, match="на рассмотрении"):
        passport_update(version=version, by=people.minister, fields=passport_fields(), children=passport_children())


def test_it_offers_each_actor_exactly_his_actions(make_passport, people):
    version = make_passport()
    case = version.approval
    assert [a.code for a in actions_for(people.minister, case)] == ["submit"]
    assert actions_for(people.health_minister, case) == []
    assert actions_for(people.head, case) == []
    approval_submit(document=version, by=people.minister)
    case.refresh_from_db()
    assert [a.code for a in actions_for(people.head, case)] == ["forward", "return"]
    assert actions_for(people.curator, case) == []
    assert actions_for(people.minister, case) == []


def test_it_keeps_decisions_immutable_in_the_database(make_passport, people):
    version = make_passport()
    decision = approval_submit(document=version, by=people.minister, comment="Первый вариант")
    with pytest.raises(ValueError, match="не изменяется"):
        decision.save()
    for sql in ("UPDATE roadmap_decision SET comment = 'подделка' WHERE id = %s", "DELETE FROM roadmap_decision WHERE id = %s"):
        with pytest.raises(IntegrityError, match="не изменяются"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [decision.pk])
    decision.refresh_from_db()
    assert decision.comment == "Первый вариант"


def test_it_mails_the_next_approver_on_commit(make_passport, people, django_capture_on_commit_callbacks):
    version = make_passport()
    with django_capture_on_commit_callbacks(execute=True):
        approval_submit(document=version, by=people.minister)
    assert [m.to for m in mail.outbox] == [["head@cur.example"]]
    assert "ждёт вашего решения" in mail.outbox[0].subject
    assert f"/projects/passports/{version.pk}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(document=version, by=people.head, action="forward")
    assert mail.outbox[-1].to == ["curator@cur.example"]
    assert "на утверждении у куратора" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(document=version, by=people.curator, action="return", comment="Уточните финансирование")
    assert mail.outbox[-1].to == ["minister@cur.example"]
    assert "Уточните финансирование" in mail.outbox[-1].body
