"""Every item of the top bar opens for the user who sees it, also for a role holder whose scope is empty."""

import pytest

from cur.navigation import NAV_ITEMS, nav_for
from cur.roles import SECTOR_SCOPED, RoleCode


@pytest.mark.parametrize("role", sorted(SECTOR_SCOPED))
def test_a_sector_role_without_sectors_sees_only_pages_that_open(client, make_user, region, role):
    user = make_user(role)
    client.force_login(user)
    links = nav_for(user, "/")
    assert links, "at least the home page"
    for link in links:
        assert client.get(link.url).status_code == 200, link.url


@pytest.mark.parametrize("role", sorted(SECTOR_SCOPED))
def test_with_its_sectors_the_same_role_sees_the_sector_pages(client, make_user, region, role):
    user = make_user(role, sectors=[region.roads])
    client.force_login(user)
    urls = [link.url for link in nav_for(user, "/")]
    assert "/sectors/dashboard/" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_head_sees_every_page_of_the_bar_it_holds_roles_for(make_user):
    head = make_user(RoleCode.HEAD)
    assert len(nav_for(head, "/")) >= len([i for i in NAV_ITEMS if i.visible_to(head)]) > 5
