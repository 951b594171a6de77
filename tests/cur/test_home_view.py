"""GET /: the home page of each role, and who must not see what on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cur.moments import Period
from cur.roles import RoleCode
from cur.templatetags.cur_format import time_left_text
from feedback.models import MessageStatus
from portal.selectors.home import AGGREGATE, REGION, home_context

READ_ALL = [
    RoleCode.OPERATOR,
    RoleCode.HEAD,
    RoleCode.CURATOR,
    RoleCode.RESPONSIBLE_EXECUTIVE,
    RoleCode.DIRECTION_LEAD,
]
AGGREGATE_ONLY = [RoleCode.GOVERNOR_OFFICE, RoleCode.MEDIA, RoleCode.TECHNICAL_EXECUTIVE]


def _figures(response) -> dict:
    return response.context["page"].figures


@pytest.fixture
def scene(region, make_message):
    """Messages of both sectors in every interesting state, relative to now."""
    now = timezone.now()
    period = Period.at(now)
    end_of_today = period.tomorrow_start - timedelta(seconds=1)
    roads, health = region.roads, region.health

    class Scene:
        pass

    s = Scene()
    s.new = make_message(region, text="Новая жалоба без блока", deadline_at=now + timedelta(days=5))
    s.new_overdue = make_message(region, text="Старая жалоба без блока", deadline_at=now - timedelta(days=2))
    s.roads_due_today = make_message(
        region, text="Яма на Волоколамском шоссе", sector=roads, agency=region.transport,
        status=MessageStatus.ROUTED, deadline_at=end_of_today,
    )
    s.roads_in_work = make_message(
        region, text="Ремонт тротуара на Трёхсвятской", sector=roads, agency=region.transport,
        status=MessageStatus.IN_WORK, deadline_at=now + timedelta(days=1, hours=5),
    )
    s.roads_overdue = make_message(
        region, text="Провал асфальта у моста", sector=roads, agency=region.transport,
        status=MessageStatus.RETURNED, deadline_at=now - timedelta(days=3, hours=1),
    )
    s.health_classified = make_message(
        region, text="Нет записи к терапевту в поликлинике", sector=health,
        status=MessageStatus.CLASSIFIED, deadline_at=now + timedelta(days=4),
    )
    s.health_routed = make_message(
        region, text="Нет льготных лекарств в аптеке", sector=health, agency=region.minzdrav,
        status=MessageStatus.ROUTED, deadline_at=now + timedelta(days=1, hours=3),
    )
    # Answered but not yet reviewed by the ЦУР: the resident has no answer, the deadline still counts.
    s.health_answered = make_message(
        region, text="Очередь в регистратуре", sector=health, agency=region.minzdrav,
        status=MessageStatus.ANSWERED, deadline_at=now - timedelta(days=1), answered_at=now - timedelta(days=2),
    )
    s.closed = make_message(
        region, text="Закрытая жалоба на освещение", sector=roads, agency=region.transport,
        status=MessageStatus.CLOSED, deadline_at=now - timedelta(days=20), answered_at=now - timedelta(days=25),
    )
    return s


def test_it_requires_login(client):
    r = client.get(reverse("home"))
    assert r.status_code == 302
    assert r["Location"] == f"{reverse('login')}?next=/"


@pytest.mark.parametrize("role", READ_ALL)
def test_it_shows_region_figures(client, make_user, scene, role):
    client.force_login(make_user(role))
    r = client.get(reverse("home"))
    assert r.status_code == 200
    page = r.context["page"]
    assert page.kind == REGION
    assert page.figures == {
        "new": 2,
        "open": 8,
        "overdue": 3,  # the unclassified old one, the returned roads one, the unreviewed answer
        "due_today": 1,
        "received_today": 9,
        "received_week": 9,
    }
    body = r.content.decode()
    assert "Яма на Волоколамском шоссе" in body
    assert "Нет записи к терапевту в поликлинике" in body
    assert "Закрытая жалоба на освещение" not in body


def test_it_breaks_open_messages_down_by_sector(client, make_user, scene):
    client.force_login(make_user(RoleCode.HEAD))
    rows = {str(row.name): row for row in client.get(reverse("home")).context["page"].sectors}
    assert (rows["Дороги"].open, rows["Дороги"].overdue, rows["Дороги"].due_today) == (3, 1, 1)
    assert (rows["Здравоохранение"].open, rows["Здравоохранение"].overdue) == (3, 1)
    assert rows["Без блока"].open == 2
    assert rows["Без блока"].is_unclassified


def test_it_lists_nearest_deadlines_soonest_first(client, make_user, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    nearest = client.get(reverse("home")).context["page"].nearest
    assert [m.pk for m in nearest] == [
        scene.roads_due_today.pk,
        scene.health_routed.pk,
        scene.roads_in_work.pk,
        scene.health_classified.pk,
        scene.new.pk,
    ]


def test_it_shows_sector_lead_only_his_sectors(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads]))
    r = client.get(reverse("home"))
    page = r.context["page"]
    assert page.figures["open"] == 3
    assert page.figures["overdue"] == 1
    assert page.figures["due_today"] == 1
    assert [str(row.name) for row in page.sectors] == ["Дороги"]
    body = r.content.decode()
    assert "Яма на Волоколамском шоссе" in body
    assert "Ваши отраслевые блоки: Дороги" in body
    # Another sector's messages and the unclassified ones are not his.
    assert "Нет записи к терапевту" not in body
    assert "Нет льготных лекарств" not in body
    assert "Новая жалоба без блока" not in body
    assert "Здравоохранение" not in body


def test_it_warns_sector_lead_without_sectors(client, make_user, scene):
    client.force_login(make_user(RoleCode.SECTOR_RESPONSIBLE))
    r = client.get(reverse("home"))
    assert r.context["page"].figures["open"] == 0
    assert "Вам не назначены отраслевые блоки" in r.content.decode()
    assert "Яма на Волоколамском шоссе" not in r.content.decode()
    # The sectors exist: the empty table says what is missing is his assignment.
    assert "Отраслевые блоки ещё не заведены" not in r.content.decode()


def test_it_shows_agency_executor_only_his_agency(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport))
    r = client.get(reverse("home"))
    page = r.context["page"]
    assert page.figures == {"routed": 1, "in_work": 2, "returned": 1, "overdue": 1, "due_soon": 2}
    assert {m.pk for m in page.nearest} == {scene.roads_due_today.pk, scene.roads_in_work.pk}
    body = r.content.decode()
    assert "Министерство транспорта Тверской области" in body
    assert "Ремонт тротуара на Трёхсвятской" in body
    assert "Нет льготных лекарств" not in body
    assert "Новая жалоба без блока" not in body


def test_it_shows_other_agency_nothing_of_transport(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city))
    r = client.get(reverse("home"))
    assert set(r.context["page"].figures.values()) == {0}
    assert r.context["page"].nearest == []
    assert "Яма на Волоколамском шоссе" not in r.content.decode()


@pytest.mark.parametrize("role", AGGREGATE_ONLY)
def test_it_shows_aggregate_roles_no_message_texts(client, make_user, region, scene, role):
    scene.roads_in_work.author_name = "Петров Пётр Петрович"
    scene.roads_in_work.save(update_fields=["author_name"])
    client.force_login(make_user(role))
    r = client.get(reverse("home"))
    page = r.context["page"]
    assert page.kind == AGGREGATE
    assert page.nearest == []
    assert page.figures["month_total"] >= 9
    assert page.figures["open"] == 8
    assert page.figures["overdue"] == 3
    body = r.content.decode()
    for message in (scene.new, scene.roads_due_today, scene.roads_in_work, scene.health_routed):
        assert message.text not in body
        assert message.number not in body
    assert "Петров" not in body


def test_it_computes_on_time_share_of_the_month(make_user, region, make_message):
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for deadline_days, answered_days in ((5, 3), (5, 4), (5, 8), (5, None)):
        make_message(
            region, registered_at=start, received_at=start, deadline_at=start + timedelta(days=deadline_days),
            answered_at=start + timedelta(days=answered_days) if answered_days else None,
            status=MessageStatus.CLOSED if answered_days else MessageStatus.IN_WORK,
        )
    page = home_context(make_user(RoleCode.GOVERNOR_OFFICE), now=now)["page"]
    # two on time, one late, one unanswered past its deadline
    assert page.figures["on_time_share"] == 50
    assert page.figures["month_total"] == 4


def test_it_explains_missing_roles(client, make_user, region):
    head = make_user(RoleCode.HEAD)
    head.official.email = "head@cur.example"
    head.official.save(update_fields=["email"])
    user = make_user()
    client.force_login(user)
    r = client.get(reverse("home"))
    body = r.content.decode()
    assert r.context["page"].kind == "no_role"
    assert "Вашей учётной записи пока не назначены роли" in body
    assert "руководитель ЦУР" in body
    assert "head@cur.example" in body
    assert user.username in body


def test_it_escapes_resident_text(client, make_user, region, make_message):
    make_message(
        region, text='<script>alert("xss")</script><img src=x onerror=alert(1)> яма',
        sector=region.roads, status=MessageStatus.CLASSIFIED, deadline_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(reverse("home")).content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in body


def test_it_shows_dates_in_region_time_zone(client, make_user, region, make_message):
    # 21:30 UTC on 10 January is 00:30 on 11 January in Moscow.
    received = datetime(2026, 1, 10, 21, 30, tzinfo=UTC)
    deadline = timezone.now() + timedelta(days=3)
    make_message(region, received_at=received, registered_at=received, deadline_at=deadline, status=MessageStatus.CLASSIFIED, sector=region.roads)
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(reverse("home")).content.decode()
    assert "11.01.2026" in body
    assert timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M") in body
    assert "осталось 2 дн. 23 ч" in body or "осталось 3 дн." in body


def test_it_shows_nav_and_user_menu(client, make_user):
    user = make_user(RoleCode.OPERATOR)
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert 'lang="ru"' in body
    assert "ЦУР" in body and " · Тверская область" in body
    assert "Главная" in body
    assert "/admin/" not in body
    assert user.get_full_name() in body
    assert "Оператор ЦУР" in body
    assert f'action="{reverse("logout")}"' in body
    assert 'method="post"' in body


def test_it_shows_admin_link_to_staff(client, make_user):
    user = make_user(RoleCode.HEAD)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    assert 'href="/admin/"' in client.get(reverse("home")).content.decode()


def test_it_logs_out_by_post(client, make_user):
    client.force_login(make_user(RoleCode.OPERATOR))
    assert client.get(reverse("logout")).status_code == 405
    r = client.post(reverse("logout"))
    assert r.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "extra", "limit"),
    [
        # +1 for the navbar's counter of new items (operators and agency staff only), +1 for the
        # bell's unread notifications (everyone with a role).
        (RoleCode.OPERATOR, {}, 9),
        (RoleCode.SECTOR_LEAD, {"sectors": "roads"}, 9),
        (RoleCode.AGENCY_EXECUTOR, {"agency": "transport"}, 8),
        (RoleCode.GOVERNOR_OFFICE, {}, 7),
        (None, {}, 4),
    ],
)
def test_it_counts_with_a_handful_of_queries(client, make_user, region, scene, make_message, django_assert_max_num_queries, role, extra, limit):
    for i in range(30):
        make_message(region, text=f"Ещё сообщение {i}", sector=region.roads if i % 2 else region.health, agency=region.transport, status=MessageStatus.IN_WORK)
    kwargs = {}
    if "sectors" in extra:
        kwargs["sectors"] = [getattr(region, extra["sectors"])]
    if "agency" in extra:
        kwargs["agency"] = getattr(region, extra["agency"])
    user = make_user(role, **kwargs) if role else make_user()
    client.force_login(user)
    # session, user and roles, then the page's own reads: however many messages there are
    with django_assert_max_num_queries(limit):
        r = client.get(reverse("home"))
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(days=2, hours=4, minutes=10), "осталось 2 дн. 4 ч"),
        (timedelta(days=3), "осталось 3 дн."),
        (timedelta(hours=5, minutes=12), "осталось 5 ч 12 мин"),
        (timedelta(minutes=40), "осталось 40 мин"),
        (timedelta(seconds=20), "осталось меньше минуты"),
        (-timedelta(days=3), "просрочено на 3 дн."),
        (-timedelta(days=1, hours=2), "просрочено на 1 дн. 2 ч"),
        (-timedelta(minutes=90), "просрочено на 1 ч 30 мин"),
    ],
)
def test_it_humanises_time_left_in_russian(delta, expected):
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    assert time_left_text(now + delta, now) == expected


def test_it_counts_today_and_week_in_region_time_zone():
    # 22:30 UTC on Sunday 8 March is 01:30 on Monday 9 March in Moscow: a new day and a new week.
    period = Period.at(datetime(2026, 3, 8, 22, 30, tzinfo=UTC))
    assert timezone.localtime(period.today_start).strftime("%d.%m.%Y %H:%M") == "09.03.2026 00:00"
    assert period.week_start == period.today_start
    assert timezone.localtime(period.month_start).strftime("%d.%m.%Y") == "01.03.2026"
    assert timezone.localtime(period.tomorrow_start).strftime("%d.%m.%Y %H:%M") == "10.03.2026 00:00"
