"""The delivery log's place in the top navigation: for the roles that work with it daily."""

import pytest

from cur.navigation import nav_for

pytestmark = pytest.mark.django_db


def test_it_shows_the_log_in_the_nav_of_the_technical_executive_and_agency_executors(make_user, region):
    assert "/webhooks/deliveries/" in [link.url for link in nav_for(make_user("technical_executive"), "/")]
    assert "/webhooks/deliveries/" in [link.url for link in nav_for(make_user("agency_executor", agency=region.transport), "/")]
    for role in ("operator", "media", "governor_office"):
        assert "/webhooks/deliveries/" not in [link.url for link in nav_for(make_user(role), "/")], role
