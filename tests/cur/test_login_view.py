"""GET/POST /login/: the Russian sign-in page; logout; the language switch."""

import pytest
from django.urls import reverse

from cur.roles import RoleCode


def test_it_renders_the_login_page(client):
    r = client.get(reverse("login"))
    assert r.status_code == 200
    body = r.content.decode()
    assert '<html lang="ru">' in body
    assert "Вход в портал ЦУР" in body
    assert "Имя пользователя" in body
    assert "Пароль" in body
    assert "Войти" in body
    assert "csrfmiddlewaretoken" in body
    assert 'autocomplete="username"' in body


def test_it_shows_russian_error_and_keeps_the_username(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    r = client.post(reverse("login"), {"username": "ivanova", "password": "wrong-password"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "Неверное имя пользователя или пароль" in body
    assert 'value="ivanova"' in body
    assert "wrong-password" not in body
    assert "alert-danger" in body
    assert not r.wsgi_request.user.is_authenticated


def test_it_asks_for_both_fields_in_russian(client):
    r = client.post(reverse("login"), {"username": "", "password": ""})
    assert "Обязательное поле." in r.content.decode()


def test_it_logs_in_and_goes_home(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    r = client.post(reverse("login"), {"username": "ivanova", "password": "right-password"})
    assert r.status_code == 302
    assert r["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_follows_next_after_login(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    r = client.get(reverse("login") + "?next=/admin/")
    assert 'name="next" value="/admin/"' in r.content.decode()
    r = client.post(reverse("login"), {"username": "ivanova", "password": "right-password", "next": "/admin/"})
    assert r["Location"] == "/admin/"


def test_it_refuses_an_external_next(client, make_user):
    make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    r = client.post(reverse("login"), {"username": "ivanova", "password": "right-password", "next": "https://evil.example/"})
    assert r["Location"] == reverse("home")


def test_it_refuses_an_inactive_account(client, make_user):
    user = make_user(RoleCode.OPERATOR, username="ivanova", password="right-password")
    user.is_active = False
    user.save(update_fields=["is_active"])
    r = client.post(reverse("login"), {"username": "ivanova", "password": "right-password"})
    assert r.status_code == 200
    assert not r.wsgi_request.user.is_authenticated


def test_it_sends_a_signed_in_user_home(client, make_user):
    client.force_login(make_user(RoleCode.OPERATOR))
    r = client.get(reverse("login"))
    assert r.status_code == 302
    assert r["Location"] == reverse("home")


@pytest.mark.django_db
def test_it_switches_the_language_to_english(client):
    body = client.get(reverse("login")).content.decode()
    assert 'name="language" value="en"' in body
    r = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert r.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign in to the RCC portal" in body
    assert "Username" in body
    r = client.post(reverse("set_language"), {"language": "ru", "next": reverse("login")})
    assert "Вход в портал ЦУР" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_it_shows_the_english_home_page(client, make_user, region):
    client.force_login(make_user(RoleCode.OPERATOR))
    client.post(reverse("set_language"), {"language": "en"})
    body = client.get(reverse("home")).content.decode()
    assert "Nearest answer deadlines" in body
    assert "Sign out" in body
    assert "RCC operator" in body
