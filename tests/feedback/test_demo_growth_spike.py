"""setup_portal's demo burst: the dashboard's growth rule sees it, so the head's bell is not empty."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cur.models import Notification
from cur.roles import RoleCode
from feedback.demo.growth_spike import plant_growth_spike
from feedback.models import Message, MessageStatus
from ratings.selectors.sector_dashboard import growth_alerts
from ratings.services.growth_notifications import growth_notifications_send
from sectors.models import Category, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhkh(region):
    sector = Sector.objects.create(code="zhkh", name="ЖКХ", order=0)
    for i, name in enumerate(("Нет отопления", "Нет горячей воды")):
        Category.objects.create(sector=sector, code=f"zhkh-{i}", name=name, order=i)
    return sector


def test_it_adds_a_burst_the_growth_rule_reports_and_the_head_is_told(region, zhkh, make_user):
    make_user(RoleCode.OPERATOR)
    head = make_user(RoleCode.HEAD)
    added = plant_growth_spike()
    assert added >= 12
    burst = Message.objects.filter(sector=zhkh, municipality=region.rzhev)
    assert burst.count() == added
    assert set(burst.values_list("status", flat=True)) == {MessageStatus.CLASSIFIED}
    growths = growth_alerts(filters={"sector": (zhkh.id,)}, today=timezone.localdate())
    assert [(g.place, g.count) for g in growths] == [("Ржев", added)]
    assert growth_notifications_send() == 1
    assert "— Ржев" in Notification.objects.get(recipient=head).title
    # setup_portal runs it once, but a second call adds nothing: the burst is already there.
    assert plant_growth_spike() == 0


def test_it_adds_nothing_without_an_operator_to_classify(region, zhkh):
    assert plant_growth_spike() == 0
    assert not Message.objects.exists()
