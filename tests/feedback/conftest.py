"""Users and message fields the triage tests share: one who may act and those who must be refused."""

import pytest

from cur.roles import RoleCode
from feedback.models import MessageStatus


@pytest.fixture
def people(region, make_user):
    class People:
        operator = make_user(RoleCode.OPERATOR)
        clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
        other_clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.transport)
        lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])
        curator = make_user(RoleCode.CURATOR)
        governor = make_user(RoleCode.GOVERNOR_OFFICE)

    return People


@pytest.fixture
def routed(region):
    """Fields of a message routed to the city administration in the roads sector."""
    return {"status": MessageStatus.ROUTED, "sector": region.roads, "category": region.categories["Ямы и выбоины"], "agency": region.city}
