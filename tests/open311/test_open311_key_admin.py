"""Issuing an Open311 key in the admin: shown once, stored as a hash, works at once."""

import re

import pytest

from feedback.models import Open311Key

pytestmark = pytest.mark.django_db


def test_it_issues_a_key_shown_once_and_stores_only_its_hash(client, region, make_user):
    admin = make_user("head")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin)
    response = client.post(
        "/admin/feedback/open311key/add/",
        {"name": "Региональная система", "channel": region.pos.pk, "requests_per_minute": 30, "is_active": "on"},
        follow=True,
    )
    text = response.content.decode()
    raw = re.search(r"больше не будет показан\): ([\w-]{40,})", text).group(1)
    key = Open311Key.objects.get()
    assert raw not in (key.key_hash, key.key_prefix) and key.key_prefix == raw[:8]
    assert client.get(f"/open311/v2/requests.json?api_key={raw}").status_code == 200
    # Editing the record does not change the key.
    client.post(f"/admin/feedback/open311key/{key.pk}/change/", {"name": "Другое имя", "channel": region.pos.pk, "requests_per_minute": 30, "is_active": "on"})
    key.refresh_from_db()
    assert key.name == "Другое имя" and client.get(f"/open311/v2/requests.json?api_key={raw}").status_code == 200


def test_it_refuses_the_key_admin_to_non_staff(client, region, make_user):
    client.force_login(make_user("operator"))
    response = client.get("/admin/feedback/open311key/add/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
