"""Sign-in throttling (django-axes): per account and per address, the portal's form and /admin/login/."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from cur.roles import RoleCode


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def _try(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_it_stops_guessing_one_accounts_password_even_with_the_right_one(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    for n in range(3):
        _try(client, "ivanova", f"wrong-{n}", REMOTE_ADDR=f"10.0.0.{n + 1}")
    response = _try(client, "ivanova", "right-password", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    body = response.content.decode()
    assert "Слишком много неудачных попыток входа" in body and "15 минут" in body
    assert 'value="ivanova"' in body  # the name is kept in the form
    assert not response.wsgi_request.user.is_authenticated


def test_it_stops_one_address_trying_many_accounts(client, make_user):
    for name in ("a1", "a2", "a3", "a4"):
        make_user(RoleCode.OPERATOR, username=name, password="right-password")
    for name in ("a1", "a2"):
        assert _try(client, name, "wrong", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert _try(client, "a3", "wrong", REMOTE_ADDR="192.0.2.7").status_code == 429  # the third failure locks
    assert _try(client, "a4", "right-password", REMOTE_ADDR="192.0.2.7").status_code == 429
    # Another address signs in to the same account normally.
    assert _try(client, "a4", "right-password", REMOTE_ADDR="192.0.2.8").status_code == 302


def test_it_counts_name_variants_as_one_account(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    for n, name in enumerate(("ivanova", "IVANOVA", " Ivanova ")):
        _try(client, name, "wrong", REMOTE_ADDR=f"10.1.0.{n}")
    assert _try(client, "ivanova", "right-password", REMOTE_ADDR="10.1.0.9").status_code == 429


def test_a_successful_sign_in_clears_the_accounts_count(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    for _ in range(2):
        _try(client, "ivanova", "wrong", REMOTE_ADDR="10.2.0.1")
    assert _try(client, "ivanova", "right-password", REMOTE_ADDR="10.2.0.1").status_code == 302
    client.logout()
    for _ in range(2):
        _try(client, "ivanova", "wrong", REMOTE_ADDR="10.2.0.2")
    assert _try(client, "ivanova", "right-password", REMOTE_ADDR="10.2.0.2").status_code == 302


def test_it_throttles_the_admin_login_too(client, make_user):
    user = make_user(RoleCode.HEAD, username="boss", password="right-password")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    for _ in range(3):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.3.0.1")
    response = client.post("/admin/login/", {"username": "boss", "password": "right-password"}, REMOTE_ADDR="10.3.0.2")
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_it_believes_only_the_trusted_proxys_entry_of_x_forwarded_for(client, make_user, settings):
    settings.CUR_TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        # A client that writes its own X-Forwarded-For cannot pretend to be many addresses.
        _try(client, f"nobody{n}", "wrong", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.4")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.4"}


def test_the_head_sees_lockouts_in_the_admin(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    for _ in range(3):
        _try(client, "ivanova", "wrong", REMOTE_ADDR="10.4.0.1")
    admin = make_user(RoleCode.HEAD, username="head-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "ivanova" in page.content.decode()
