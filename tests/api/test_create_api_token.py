import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from feedback.models import ApiToken, IntegrationSystem
from feedback.models.integrations import region_today
from tests.api.conftest import item


def test_it_prints_a_token_once_and_stores_only_its_hash(region, api_client):
    out = io.StringIO()
    call_command("create_api_token", "Региональная система", "--channel", "pos", "--scopes", "messages:create", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash(key) and key not in token.key_hash
    assert token.system.scopes == ["messages:create"] and token.system.channel == region.pos
    assert api_client(key).post("/api/v1/messages/", item(1), format="json").status_code == 201


def test_it_refuses_answers_scope_without_agency_and_unknown_scopes(region):
    with pytest.raises(CommandError, match="требует органа"):
        call_command("create_api_token", "СЭД", "--channel", "pos", "--scopes", "answers:write", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Неизвестные права: all"):
        call_command("create_api_token", "СЭД", "--channel", "pos", "--scopes", "all", stdout=io.StringIO())
    assert not IntegrationSystem.objects.exists()


def test_it_issues_a_token_that_works_through_the_given_day(region, api_client):
    last_day = region_today() + timedelta(days=90)
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "ПОС", "--channel", "pos", "--expires", f"{last_day:%d.%m.%Y}", stdout=out, stderr=err)
    token = ApiToken.objects.get()
    assert token.expires_on == last_day
    assert f"действует по {last_day:%d.%m.%Y} включительно" in err.getvalue()
    assert api_client(out.getvalue().strip()).post("/api/v1/messages/", item(1), format="json").status_code == 201
    # Today is allowed: the token works until the day ends.
    call_command("create_api_token", "ПОС", "--channel", "pos", "--expires", f"{region_today():%d.%m.%Y}", stdout=io.StringIO(), stderr=io.StringIO())
    assert ApiToken.objects.filter(expires_on=region_today()).count() == 1


@pytest.mark.parametrize("text", ["2026-12-31", "31.12.26", "31/12/2026", "32.12.2026", "завтра"])
def test_it_refuses_an_expiry_not_in_russian_date_format(region, text):
    with pytest.raises(CommandError, match="нужен вид ДД.ММ.ГГГГ"):
        call_command("create_api_token", "ПОС", "--channel", "pos", "--expires", text, stdout=io.StringIO())
    assert not ApiToken.objects.exists() and not IntegrationSystem.objects.exists()


def test_it_refuses_an_expiry_in_the_past(region):
    yesterday = region_today() - timedelta(days=1)
    with pytest.raises(CommandError, match=f"Дата --expires {yesterday:%d.%m.%Y} уже прошла"):
        call_command("create_api_token", "ПОС", "--channel", "pos", "--expires", f"{yesterday:%d.%m.%Y}", stdout=io.StringIO())
    assert not ApiToken.objects.exists() and not IntegrationSystem.objects.exists()
