"""Every admin page of the portal's models opens for the administrator and is refused to others."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cur.roles import RoleCode

PORTAL_APPS = {"cur", "sectors", "feedback", "ratings", "roadmap"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in PORTAL_APPS]


@pytest.fixture
def administrator(make_user):
    user = make_user(RoleCode.HEAD)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_it_opens_the_change_list_and_the_form(client, region, make_message, administrator, model):
    make_message(region, sector=region.roads, category=region.categories["Тротуары"])
    client.force_login(administrator)
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.status_code == 200


def test_it_searches_messages_by_word_form_and_number(client, region, make_message, administrator):
    wanted = make_message(region, text="Не вывозят мусор из контейнеров")
    other = make_message(region, text="Яма на дороге")
    client.force_login(administrator)
    url = reverse("admin:feedback_message_changelist")
    page = client.get(url, {"q": "мусора"}).content.decode()
    assert f"/{wanted.pk}/change/" in page and f"/{other.pk}/change/" not in page
    page = client.get(url, {"q": f"№ {other.number}"}).content.decode()
    assert f"/{other.pk}/change/" in page and f"/{wanted.pk}/change/" not in page


def test_it_is_in_russian(client, administrator, db):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Отраслевые блоки" in page and "Сообщения" in page


def test_it_refuses_users_who_are_not_staff(client, region, make_user):
    client.force_login(make_user(RoleCode.OPERATOR))
    response = client.get(reverse("admin:feedback_message_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
