"""The demo projects: loaded once, with a passport waiting for the curator and an indicator behind."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from roadmap.demo import load_demo_projects
from roadmap.models import PassportVersion, Project, RiskState
from roadmap.selectors.approvals import waiting_for
from roadmap.selectors.behind_schedule import behind_schedule


@pytest.fixture
def demo_region(db):
    call_command("load_reference", verbosity=0)
    call_command("load_demo_region", verbosity=0)


def test_it_loads_the_demo_projects_once(demo_region, django_user_model):
    created = load_demo_projects()
    assert created["паспорта"] == 5
    assert load_demo_projects() == {}
    assert Project.objects.count() == 4
    curator = django_user_model.objects.get(username="curator")
    waiting = [item.title for item in waiting_for(curator)]
    assert "Паспорт проекта «Прозрачный ремонт дорог», версия 2" in waiting
    assert [row.indicator.name for row in behind_schedule()] == ["Доля сообщений о дорогах, отвеченных в срок"]
    states = sorted(PassportVersion.objects.values_list("approval__state", flat=True))
    assert states == ["approved", "draft", "returned", "review", "review"]
    assert Project.objects.get(title="Прозрачный ремонт дорог").risks.filter(state=RiskState.ESCALATED).exists()
