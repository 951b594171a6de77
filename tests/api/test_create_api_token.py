import io

import pytest
from django.core.management import CommandError, call_command

from feedback.models import ApiToken, IntegrationSystem
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
