"""GET /messages/: the queue page for each role, its filters, pages and counts; saved filters."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cur.moments import Period
from cur.navigation import nav_for
from cur.roles import RoleCode
from feedback.models import Message, MessageStatus, SavedFilter

QUEUE_ROLES = [
    RoleCode.OPERATOR,
    RoleCode.HEAD,
    RoleCode.CURATOR,
    RoleCode.RESPONSIBLE_EXECUTIVE,
    RoleCode.DIRECTION_LEAD,
    RoleCode.SECTOR_LEAD,
    RoleCode.SECTOR_RESPONSIBLE,
    RoleCode.AGENCY_EXECUTOR,
]
REFUSED_ROLES = [RoleCode.GOVERNOR_OFFICE, RoleCode.MEDIA, RoleCode.TECHNICAL_EXECUTIVE]
URL = "/messages/"


def row_ids(response) -> list[int]:
    return [m.pk for m in response.context["rows"]]


@pytest.fixture
def scene(region, make_message):
    now = timezone.now()
    period = Period.at(now)

    class Scene:
        pass

    s = Scene()
    s.new = make_message(region, text="Вывоз мусора не производится", deadline_at=now + timedelta(days=5))
    s.overdue = make_message(
        region, text="Мусорные баки переполнены", deadline_at=now - timedelta(days=2), municipality=region.rzhev,
    )
    s.classified = make_message(
        region, text="Нет записи к терапевту", sector=region.health, category=region.categories["Запись к врачу"],
        status=MessageStatus.CLASSIFIED, deadline_at=now + timedelta(days=4),
    )
    s.due_today = make_message(
        region, text="Яма на Волоколамском шоссе", sector=region.roads, category=region.categories["Ямы и выбоины"],
        agency=region.transport, status=MessageStatus.ROUTED, deadline_at=period.tomorrow_start - timedelta(seconds=1),
    )
    s.answered = make_message(
        region, text="Очередь в регистратуре", sector=region.health, category=region.categories["Нехватка врачей"],
        agency=region.minzdrav, status=MessageStatus.ANSWERED, deadline_at=now - timedelta(days=1),
    )
    s.returned = make_message(
        region, text="Провал асфальта у моста", sector=region.roads, category=region.categories["Ремонт дорог"],
        agency=region.transport, status=MessageStatus.RETURNED, deadline_at=now + timedelta(days=8),
        municipality=region.rzhev, returned_count=1,
    )
    s.closed = make_message(
        region, text="Закрытая жалоба на освещение", sector=region.roads, agency=region.transport,
        status=MessageStatus.CLOSED, deadline_at=now - timedelta(days=20),
    )
    return s


# ---- who may open it ---------------------------------------------------------------------------


def test_it_requires_login(client):
    r = client.get(URL)
    assert r.status_code == 302
    assert r["Location"] == f"{reverse('login')}?next={URL}"


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_it_refuses_roles_without_message_access(client, make_user, scene, role):
    client.force_login(make_user(role))
    r = client.get(URL)
    assert r.status_code == 403
    assert scene.new.text not in r.content.decode()


def test_it_refuses_a_user_without_a_role(client, make_user, scene):
    client.force_login(make_user())
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", QUEUE_ROLES)
def test_it_opens_for_every_role_that_sees_messages(client, make_user, region, role):
    client.force_login(make_user(role, sectors=[region.roads], agency=region.transport))
    r = client.get(URL)
    assert r.status_code == 200
    assert "<h1 class=\"h4 mb-0 me-2\">Сообщения</h1>" in r.content.decode()


def test_it_lists_the_page_in_the_navigation_for_those_who_may_open_it(rf, make_user, region):
    for role in QUEUE_ROLES:
        assert URL in [link.url for link in nav_for(make_user(role, agency=region.transport), "/")], role
    for role in REFUSED_ROLES:
        assert URL not in [link.url for link in nav_for(make_user(role), "/")], role


def test_it_refuses_post_to_the_queue(client, make_user):
    client.force_login(make_user(RoleCode.OPERATOR))
    assert client.post(URL).status_code == 405


# ---- what it shows -----------------------------------------------------------------------------


def test_it_shows_open_messages_soonest_deadline_first(client, make_user, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.get(URL)
    assert row_ids(r) == [
        scene.overdue.pk, scene.answered.pk, scene.due_today.pk, scene.classified.pk, scene.new.pk, scene.returned.pk,
    ]
    body = r.content.decode()
    assert "Закрытая жалоба на освещение" not in body
    # Number, received date in the region's zone, channel, state, deadline and time left.
    local = timezone.localtime(scene.due_today.received_at)
    assert f"№&nbsp;{scene.due_today.number}" in body
    assert local.strftime("%d.%m.%Y %H:%M") in body
    assert "Платформа обратной связи" in body
    assert "направлено в орган" in body
    assert "просрочено на 2 дн." in body
    assert "Минтранс" in body
    assert "Ржев" in body
    assert "Дороги · Ямы и выбоины" in body


def test_it_links_rows_to_the_message_card(client, make_user, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(URL).content.decode()
    assert f'href="/messages/{scene.new.pk}/"' in body
    assert f'data-href="/messages/{scene.new.pk}/"' in body


def test_it_escapes_residents_text(client, make_user, region, make_message):
    make_message(region, text='<script>alert("x")</script> <b>жирный</b> текст')
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(URL).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;жирный&lt;/b&gt; текст" in body


def test_it_never_shows_personal_data(client, make_user, region, make_message):
    m = make_message(region, text="Не вывозят мусор")
    Message.objects.filter(pk=m.pk).update(
        author_name="Петров Пётр Петрович", author_phone="+7 900 123-45-67", author_email="petrov@example.ru",
        author_address="г. Тверь, ул. Секретная, 1", author_handle="@petrov",
    )
    for user in (make_user(RoleCode.OPERATOR), make_user(RoleCode.HEAD)):
        client.force_login(user)
        body = client.get(URL).content.decode()
        assert "Не вывозят мусор" in body
        for secret in ("Петров", "123-45-67", "petrov@example.ru", "Секретная", "@petrov"):
            assert secret not in body


def test_it_cuts_long_texts(client, make_user, region, make_message):
    make_message(region, text="Очень длинное сообщение " * 40 + "КОНЕЦ")
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(URL).content.decode()
    assert "Очень длинное сообщение" in body
    assert "КОНЕЦ" not in body
    assert "…" in body


def test_it_searches_word_forms_and_numbers(client, make_user, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    assert set(row_ids(client.get(URL, {"q": "мусор"}))) == {scene.new.pk, scene.overdue.pk}
    assert row_ids(client.get(URL, {"q": f"№ {scene.closed.number}"})) == [scene.closed.pk]
    assert row_ids(client.get(URL, {"q": str(scene.answered.pk)})) == [scene.answered.pk]


def test_it_applies_combined_filters_from_the_url(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.get(URL, {"sector": region.roads.id, "municipality": region.rzhev.id, "status": ["returned", "routed"]})
    assert row_ids(r) == [scene.returned.pk]
    r = client.get(URL, {"due": "overdue", "q": "мусор"})
    assert row_ids(r) == [scene.overdue.pk]
    r = client.get(URL, {"unrouted": "1", "sector": region.health.id})
    assert row_ids(r) == [scene.classified.pk]
    r = client.get(URL, {"closed": "on", "agency": region.transport.id, "order": "newest"})
    assert row_ids(r) == [scene.closed.pk, scene.returned.pk, scene.due_today.pk]
    # The form shows what is applied.
    body = r.content.decode()
    assert 'name="closed" class="form-check-input" id="id_closed" checked' in body
    assert f'<option value="{region.transport.id}" selected>Минтранс</option>' in body


@pytest.mark.parametrize(
    ("params", "field", "error"),
    [
        ({"registered_from": "31.02.2025"}, "registered_from", "Введите дату в виде ДД.ММ.ГГГГ"),
        ({"registered_to": "2025-13-01"}, "registered_to", "Введите дату в виде ДД.ММ.ГГГГ"),
        ({"sector": "999999"}, "sector", "Такого значения нет в списке."),
        ({"agency": "abc"}, "agency", "Такого значения нет в списке."),
        ({"status": "lost"}, "status", "Неизвестное состояние «lost»."),
        ({"due": "yesterday"}, "due", "Такого значения нет в списке."),
        ({"days": "0"}, "days", "Число дней — целое число от 1 до 90."),
        ({"days": "много"}, "days", "Число дней — целое число от 1 до 90."),
        ({"order": "random"}, "order", "Такого значения нет в списке."),
        ({"after": "garbage"}, "after", "Ссылка на страницу списка повреждена"),
        ({"q": "-только -минусы"}, "q", "В запросе нет слов для поиска"),
        ({"registered_from": "10.03.2025", "registered_to": "01.03.2025"}, "registered_to", "Конец периода раньше его начала."),
    ],
)
def test_it_shows_errors_of_bad_filters_and_applies_the_rest(client, make_user, region, scene, params, field, error):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.get(URL, {**params, "municipality": region.rzhev.id})
    assert r.status_code == 200
    assert error in " ".join(r.context["form"].errors[field])
    body = r.content.decode()
    assert error in body
    assert "Часть фильтров не распознана и не применена" in body
    # The municipality filter still applies.
    assert set(row_ids(r)) <= {scene.overdue.pk, scene.returned.pk}
    assert scene.overdue.pk in row_ids(r) or field == "registered_to"


def test_it_marks_the_bad_field(client, make_user, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    body = client.get(URL, {"registered_from": "31.02.2025"}).content.decode()
    assert re.search(r'<input[^>]*name="registered_from"[^>]*class="form-control form-control-sm is-invalid"', body)
    assert 'value="31.02.2025"' in body  # kept so the user can fix it


# ---- pages ------------------------------------------------------------------------------------


@pytest.fixture
def many(region, make_message):
    """60 open messages, in groups sharing one deadline."""
    base = timezone.now() + timedelta(days=2)
    return [make_message(region, text=f"Сообщение номер {i}", deadline_at=base + timedelta(hours=i % 3)) for i in range(60)]


def test_it_pages_with_a_cursor_in_the_url(client, make_user, many):
    client.force_login(make_user(RoleCode.OPERATOR))
    first = client.get(URL, {"q": "сообщение"})
    assert len(row_ids(first)) == 50
    next_url = first.context["next_url"]
    query = parse_qs(urlsplit(next_url).query)
    assert query["q"] == ["сообщение"]
    assert "after" in query
    body = first.content.decode()
    assert "Следующая страница" in body
    assert "В начало" not in body
    second = client.get(next_url)
    assert len(row_ids(second)) == 10
    assert not set(row_ids(first)) & set(row_ids(second))
    assert set(row_ids(first)) | set(row_ids(second)) == {m.pk for m in many}
    assert second.context["next_url"] == ""
    body = second.content.decode()
    assert "В начало" in body
    assert "Следующая страница" not in body
    assert second.context["first_url"] == f"{URL}?q=%D1%81%D0%BE%D0%BE%D0%B1%D1%89%D0%B5%D0%BD%D0%B8%D0%B5"


def test_it_does_not_grow_queries_with_the_page_size(client, make_user, region, make_message, django_assert_max_num_queries):
    user = make_user(RoleCode.OPERATOR)
    client.force_login(user)
    now = timezone.now()
    for i in range(5):
        make_message(region, text=f"Первая пятёрка {i}", sector=region.roads, category=region.categories["Тротуары"],
                     agency=region.transport, municipality=region.rzhev, deadline_at=now + timedelta(days=1, hours=i))
    client.get(URL)
    # +1 for the bell's unread count, +1 for the stored suggestions of the page's rows.
    with django_assert_max_num_queries(15) as five:
        assert len(row_ids(client.get(URL))) == 5
    for i in range(45):
        # Different sectors, categories, agencies, municipalities, channels on every row.
        sector, category, agency = (
            (region.roads, region.categories["Ямы и выбоины"], region.transport) if i % 2
            else (region.health, region.categories["Запись к врачу"], region.minzdrav)
        )
        make_message(region, channel=(region.pos, region.social, region.letter)[i % 3], text=f"Ещё {i}", sector=sector,
                     category=category, agency=agency, municipality=(region.tver, region.rzhev)[i % 2],
                     deadline_at=now + timedelta(days=2, hours=i))
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(row_ids(client.get(URL))) == 50


# ---- counts ----------------------------------------------------------------------------------


def test_it_shows_counts_that_match_the_rows_they_open(client, make_user, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.get(URL)
    # «Конфликтные» is a link without a count (tests/classifier/test_queue_suggestion_column.py).
    links = {link["key"]: link for link in r.context["quick_links"] if link["count"] is not None}
    assert {k: link["count"] for k, link in links.items()} == {
        "open": 6, "unclassified": 2, "unrouted": 3, "overdue": 2, "due_today": 1, "answered": 1, "returned": 1,
    }
    for key, link in links.items():
        opened = client.get(link["url"])
        assert len(row_ids(opened)) == link["count"], key
        assert {q["key"]: q["active"] for q in opened.context["quick_links"]}[key], key


def test_it_counts_the_scope_whatever_the_filters(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.get(URL, {"sector": region.health.id})
    assert r.context["counts"]["open"] == 6


# ---- scope -------------------------------------------------------------------------------------


def test_it_shows_agency_executor_only_his_agency(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport))
    r = client.get(URL)
    assert row_ids(r) == [scene.due_today.pk, scene.returned.pk]
    body = r.content.decode()
    assert "Очередь в регистратуре" not in body
    assert "Орган: Министерство транспорта Тверской области" in body
    # The triage-only quick filters are not his.
    keys = [link["key"] for link in r.context["quick_links"]]
    assert "unclassified" not in keys and "unrouted" not in keys
    assert r.context["counts"] == {
        "open": 2, "unclassified": 0, "unrouted": 0, "overdue": 0, "due_today": 1, "answered": 0, "returned": 1,
    }


def test_it_gives_agency_executor_nothing_for_another_agency(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport))
    r = client.get(URL, {"agency": region.minzdrav.id, "closed": "on"})
    assert r.status_code == 200
    assert row_ids(r) == []
    assert "Очередь в регистратуре" not in r.content.decode()
    # The counts are his own, not the other agency's.
    assert r.context["counts"]["open"] == 2
    assert r.context["counts"]["answered"] == 0
    # Nor by number.
    assert row_ids(client.get(URL, {"q": str(scene.answered.pk)})) == []


def test_it_shows_sector_lead_only_his_sectors(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.SECTOR_LEAD, sectors=[region.health]))
    r = client.get(URL)
    assert row_ids(r) == [scene.answered.pk, scene.classified.pk]
    assert "Отраслевые блоки: Здравоохранение" in r.content.decode()
    assert row_ids(client.get(URL, {"sector": region.roads.id})) == []
    assert r.context["counts"]["open"] == 2


# ---- saved filters ---------------------------------------------------------------------------


def test_it_saves_lists_and_applies_a_filter(client, make_user, region, scene):
    client.force_login(make_user(RoleCode.OPERATOR))
    query = f"sector={region.roads.id}&due=overdue&after=123_4&evil=1"
    r = client.post(reverse("feedback:queue_filter_save"), {"name": "  Дороги,   просрочка ", "query": query})
    assert r.status_code == 302
    saved = SavedFilter.objects.get()
    assert saved.name == "Дороги, просрочка"
    assert saved.query == f"sector={region.roads.id}&due=overdue"  # no cursor, nothing unknown
    assert r["Location"] == f"{URL}?{saved.query}"
    page = client.get(r["Location"])
    assert "Фильтр «Дороги, просрочка» сохранён." in page.content.decode()
    assert [f.name for f in page.context["saved_filters"]] == ["Дороги, просрочка"]
    assert f'href="?{saved.query.replace("&", "&amp;")}"' in page.content.decode()


def test_it_replaces_a_filter_saved_under_the_same_name(client, make_user):
    user = make_user(RoleCode.OPERATOR)
    client.force_login(user)
    save = reverse("feedback:queue_filter_save")
    client.post(save, {"name": "Мой", "query": "due=overdue"})
    client.post(save, {"name": "Мой", "query": "due=today"})
    assert list(SavedFilter.objects.filter(user=user).values_list("name", "query")) == [("Мой", "due=today")]


def test_it_refuses_a_filter_without_a_name(client, make_user):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.post(reverse("feedback:queue_filter_save"), {"name": "   ", "query": "due=overdue"}, follow=True)
    assert not SavedFilter.objects.exists()
    assert "Фильтр не сохранён: Назовите фильтр." in r.content.decode()
    assert r.redirect_chain[-1][0] == f"{URL}?due=overdue"


def test_it_deletes_a_saved_filter(client, make_user):
    user = make_user(RoleCode.OPERATOR)
    saved = SavedFilter.objects.create(user=user, name="Старый", query="due=today")
    client.force_login(user)
    r = client.post(reverse("feedback:queue_filter_delete", args=[saved.pk]), {"back": "q=яма"})
    assert r.status_code == 302
    assert r["Location"] == f"{URL}?q=%D1%8F%D0%BC%D0%B0"
    assert not SavedFilter.objects.exists()


def test_it_keeps_saved_filters_private(client, make_user):
    owner, other = make_user(RoleCode.OPERATOR), make_user(RoleCode.OPERATOR)
    mine = SavedFilter.objects.create(user=owner, name="Секретный фильтр владельца", query="due=today")
    client.force_login(other)
    r = client.get(URL)
    assert r.context["saved_filters"] == []
    assert "Секретный фильтр владельца" not in r.content.decode()
    assert client.post(reverse("feedback:queue_filter_delete", args=[mine.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=mine.pk).exists()
    # The same name is free for another user.
    client.post(reverse("feedback:queue_filter_save"), {"name": "Секретный фильтр владельца", "query": "due=overdue"})
    assert SavedFilter.objects.get(user=owner).query == "due=today"
    assert SavedFilter.objects.get(user=other).query == "due=overdue"


def test_it_requires_csrf_and_post_for_saved_filters(make_user):
    user = make_user(RoleCode.OPERATOR)
    saved = SavedFilter.objects.create(user=user, name="Мой", query="")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("feedback:queue_filter_save"), {"name": "Без токена"}).status_code == 403
    assert client.post(reverse("feedback:queue_filter_delete", args=[saved.pk])).status_code == 403
    assert client.get(reverse("feedback:queue_filter_save")).status_code == 405
    assert client.get(reverse("feedback:queue_filter_delete", args=[saved.pk])).status_code == 405
    assert list(SavedFilter.objects.values_list("name", flat=True)) == ["Мой"]


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_it_refuses_saved_filters_to_roles_without_the_queue(client, make_user, role):
    client.force_login(make_user(role))
    assert client.post(reverse("feedback:queue_filter_save"), {"name": "x", "query": ""}).status_code == 403
    assert not SavedFilter.objects.exists()


def test_it_requires_login_for_saved_filters(client):
    r = client.post(reverse("feedback:queue_filter_save"), {"name": "x"})
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))
