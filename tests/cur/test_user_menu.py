"""The user's menu: settings-like pages for those who may open them, the admin for staff."""

from django.urls import reverse

from cur.roles import RoleCode


def _menu(client, user) -> str:
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    return body.split('id="cur-user-menu"', 1)[1]


def test_it_offers_the_classifier_to_the_head(client, make_user):
    assert reverse("feedback:classifier") in _menu(client, make_user(RoleCode.HEAD))


def test_it_hides_the_classifier_and_the_admin_from_an_operator(client, make_user):
    menu = _menu(client, make_user(RoleCode.OPERATOR))
    assert reverse("feedback:classifier") not in menu
    assert "/admin/" not in menu


def test_it_offers_the_admin_to_staff(client, make_user):
    user = make_user(RoleCode.OPERATOR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    assert reverse("admin:index") in _menu(client, user)
