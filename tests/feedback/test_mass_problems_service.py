"""Joining many messages to one mass problem (feedback.services.mass_problems)."""

from __future__ import annotations

import pytest

from feedback.models import EventKind, MassProblem, MessageEvent, MessageStatus
from feedback.services.mass_problems import messages_join_mass_problem
from feedback.workflow import TransitionRefused


@pytest.fixture
def three(region, make_message, routed):
    return [make_message(region, address="г. Тверь, ул. Советская, д. 5", **routed) for _ in range(3)]


def _problem_ids(messages):
    for m in messages:
        m.refresh_from_db()
    return {m.mass_problem_id for m in messages}


def test_it_opens_a_new_problem_with_all_the_messages(three, people, region):
    problem = messages_join_mass_problem(messages=three, by=people.operator, title="  Яма, ул. Советская, 5 ")
    assert problem.title == "Яма, ул. Советская, 5"
    assert problem.created_by == people.operator and problem.sector == region.roads and problem.municipality == region.tver
    assert _problem_ids(three) == {problem.pk}
    events = MessageEvent.objects.filter(kind=EventKind.MASS_PROBLEM, message__in=three)
    assert events.count() == 3 and {e.actor_id for e in events} == {people.operator.pk}
    assert {m.status for m in three} == {MessageStatus.ROUTED}


def test_it_joins_an_open_problem_and_skips_messages_already_in_it(three, people):
    problem = MassProblem.objects.create(title="Ямы на Советской")
    messages_join_mass_problem(messages=three[:1], by=people.operator, problem=problem)
    three[0].refresh_from_db()
    assert messages_join_mass_problem(messages=three, by=people.operator, problem=problem) == problem
    assert _problem_ids(three) == {problem.pk}
    assert MessageEvent.objects.filter(kind=EventKind.MASS_PROBLEM, message=three[0]).count() == 1


def test_it_changes_nothing_when_one_message_may_not_join(three, people):
    closed = three[2]
    closed.__class__.objects.filter(pk=closed.pk).update(status=MessageStatus.CLOSED)
    closed.refresh_from_db()
    with pytest.raises(TransitionRefused, match=f"№ {closed.number}"):
        messages_join_mass_problem(messages=three, by=people.operator, title="Яма")
    assert _problem_ids(three) == {None}
    assert not MassProblem.objects.exists()
    assert not MessageEvent.objects.filter(kind=EventKind.MASS_PROBLEM).exists()


@pytest.mark.parametrize("who", ["lead", "clerk", "other_clerk", "curator"])
def test_it_refuses_those_who_may_not_join(three, people, who):
    with pytest.raises(TransitionRefused):
        messages_join_mass_problem(messages=three, by=getattr(people, who), title="Яма")
    assert _problem_ids(three) == {None} and not MassProblem.objects.exists()


def test_it_refuses_a_resolved_problem_and_a_missing_title(three, people):
    resolved = MassProblem.objects.create(title="Старая яма", state=MassProblem.State.RESOLVED)
    with pytest.raises(TransitionRefused, match="уже решена"):
        messages_join_mass_problem(messages=three, by=people.operator, problem=resolved)
    with pytest.raises(TransitionRefused, match="название"):
        messages_join_mass_problem(messages=three, by=people.operator, title="  ")
    with pytest.raises(TransitionRefused, match="ни одного"):
        messages_join_mass_problem(messages=[], by=people.operator, title="Яма")
    assert _problem_ids(three) == {None}
