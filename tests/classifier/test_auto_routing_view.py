"""POST /classifier/auto-routing/: the head sets each sector's auto-classification threshold."""

from __future__ import annotations

from django.urls import reverse

from cur.roles import RoleCode
from feedback.models import ClassifierTarget, ClassifierVersion, SectorAutoRouting, TrainingState

URL = "/classifier/auto-routing/"


def test_the_head_turns_a_sector_on_and_off(client, region, make_user):
    head = make_user(RoleCode.HEAD)
    client.force_login(head)
    response = client.post(URL, {f"sector_{region.roads.pk}": "0.90", f"sector_{region.health.pk}": ""})
    assert response.status_code == 302 and response.url.endswith("#auto-routing")
    setting = SectorAutoRouting.objects.get(sector=region.roads)
    assert setting.min_confidence == 0.9 and setting.changed_by == head
    assert not SectorAutoRouting.objects.filter(sector=region.health).exists()  # unchanged: no row written
    client.post(URL, {f"sector_{region.roads.pk}": "", f"sector_{region.health.pk}": ""})
    assert SectorAutoRouting.objects.get(sector=region.roads).min_confidence is None


def test_a_forged_threshold_is_refused_and_nothing_changes(client, region, make_user):
    client.force_login(make_user(RoleCode.HEAD))
    response = client.post(URL, {f"sector_{region.roads.pk}": "0.10"})
    assert response.status_code == 400
    assert "Выберите порог из списка." in response.content.decode()
    assert not SectorAutoRouting.objects.exists()


def test_the_page_shows_what_each_threshold_did_on_the_held_out_messages(client, region, make_user):
    ClassifierVersion.objects.create(
        target=ClassifierTarget.CATEGORY, state=TrainingState.READY, is_active=True,
        metrics={"accuracy": 0.8, "macro_f1": 0.7, "thresholds": {str(region.roads.pk): [
            {"threshold": 0.9, "total": 200, "covered": 82, "precision": 0.97},
        ]}},
    )
    client.force_login(make_user(RoleCode.HEAD))
    body = client.get(reverse("feedback:classifier")).content.decode()
    assert "Автоклассификация по блокам" in body
    assert "41\u00a0%" in body and "верно 97\u00a0%" in body
    assert f'name="sector_{region.roads.pk}"' in body


def test_others_are_refused(client, region, make_user):
    for role in (RoleCode.OPERATOR, RoleCode.SECTOR_LEAD):
        client.force_login(make_user(role, sectors=[region.roads]) if role == RoleCode.SECTOR_LEAD else make_user(role))
        assert client.post(URL, {f"sector_{region.roads.pk}": "0.90"}).status_code == 403
    assert not SectorAutoRouting.objects.exists()
