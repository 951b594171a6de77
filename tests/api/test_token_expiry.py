"""A token with an expiry date works through the end of that day in the region, then answers 401."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from cur.roles import RoleCode
from feedback.api.tokens import token_issue
from feedback.models import ApiToken
from feedback.models.integrations import region_today

MOSCOW = datetime.timezone(timedelta(hours=3))  # settings.TIME_ZONE of the tests: Europe/Moscow


@pytest.fixture
def administrator(make_user):
    user = make_user(RoleCode.HEAD)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def issued(make_system, api_client):
    """A system's token (the row) and a client that uses it."""
    system, key = make_system(scopes=["messages:read", "changes:read"])
    return ApiToken.objects.get(system=system), api_client(key)


def _changes(client):
    return client.get("/api/v1/changes/", {"since": (timezone.now() - timedelta(minutes=1)).isoformat()})


def _at(monkeypatch, moment: datetime.datetime):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_it_refuses_a_token_the_day_after_expiry_with_a_json_401(issued):
    token, client = issued
    ApiToken.objects.filter(pk=token.pk).update(expires_on=region_today() - timedelta(days=1))
    response = _changes(client)
    assert response.status_code == 401
    expected = f"Срок действия токена истёк {region_today() - timedelta(days=1):%d.%m.%Y}."
    assert response.json() == {"detail": expected, "errors": {}}
    assert response["WWW-Authenticate"] == "Token"


def test_it_works_before_and_on_the_last_day(issued):
    token, client = issued
    for day in (region_today() + timedelta(days=30), region_today()):
        ApiToken.objects.filter(pk=token.pk).update(expires_on=day)
        assert _changes(client).status_code == 200, day


def test_it_counts_the_day_in_the_regions_time_zone(issued, monkeypatch):
    token, client = issued
    ApiToken.objects.filter(pk=token.pk).update(expires_on=datetime.date(2026, 12, 31))
    # 23:30 in Moscow on the last day: still works, even with another zone active in the request.
    _at(monkeypatch, datetime.datetime(2026, 12, 31, 23, 30, tzinfo=MOSCOW))
    with timezone.override(datetime.UTC):
        assert _changes(client).status_code == 200
    # 00:10 in Moscow the next day, though still 31.12 in UTC: expired.
    _at(monkeypatch, datetime.datetime(2027, 1, 1, 0, 10, tzinfo=MOSCOW))
    with timezone.override(datetime.UTC):
        response = _changes(client)
    assert response.status_code == 401 and response.json()["detail"] == "Срок действия токена истёк 31.12.2026."


def test_it_applies_an_expiry_changed_in_the_admin_at_once(issued, client, administrator):
    token, api = issued
    assert _changes(api).status_code == 200
    system = token.system
    client.force_login(administrator)
    url = f"/admin/feedback/integrationsystem/{system.pk}/change/"
    form = {
        "name": system.name, "channel": system.channel_id, "scopes": ",".join(system.scopes), "is_active": "on",
        "tokens-TOTAL_FORMS": "1", "tokens-INITIAL_FORMS": "1", "tokens-MIN_NUM_FORMS": "0", "tokens-MAX_NUM_FORMS": "1000",
        "tokens-0-id": token.pk, "tokens-0-system": system.pk, "tokens-0-is_active": "on",
    }
    # A past date is refused: that is what «действует» is for.
    yesterday = region_today() - timedelta(days=1)
    response = client.post(url, {**form, "tokens-0-expires_on": f"{yesterday:%d.%m.%Y}"})
    assert response.status_code == 200 and "Эта дата уже прошла" in response.content.decode()
    response = client.post(url, {**form, "tokens-0-expires_on": f"{region_today():%d.%m.%Y}"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.expires_on == region_today()
    assert _changes(api).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_on=yesterday)
    assert _changes(api).status_code == 401


def test_it_shows_the_expiry_and_marks_expired_tokens_in_the_admin(client, administrator, make_system):
    live, _key = make_system("Живая")
    token_issue(system=live, expires_on=region_today() + timedelta(days=10))
    old, _key = make_system("Старая")
    ApiToken.objects.filter(system=old).update(expires_on=datetime.date(2025, 3, 1))
    endless, _key = make_system("Бессрочная")
    client.force_login(administrator)
    page = client.get("/admin/feedback/integrationsystem/").content.decode()
    assert "срок действия токенов" in page.lower()
    assert "истёк 01.03.2025" in page and "бессрочно" in page
    assert f"по {region_today() + timedelta(days=10):%d.%m.%Y} (токенов: 2)" in page
    page = client.get(f"/admin/feedback/integrationsystem/{old.pk}/change/").content.decode()
    assert "истёк 01.03.2025" in page and 'value="01.03.2025"' in page
