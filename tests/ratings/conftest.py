"""Messages with known figures for the statistics pages, and the people who read them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cur.roles import RoleCode

MSK = ZoneInfo("Europe/Moscow")
# The crafted messages lie in the first quarter of 2025: every test names this period.
PERIOD = {"date_from": "01.01.2025", "date_to": "31.03.2025"}


@pytest.fixture
def crafted(region, make_message):
    """Seven messages in two sectors and one without a sector, January to March 2025.

    Roads: 4 (3 by the platform, 1 by letter), 3 answered of which 2 on time.
    Health: 2 (1 platform, 1 social), both answered, 1 on time. No sector: 1 (platform).
    """
    plan = [
        # (registered, sector, category, municipality, channel, status, answer hours, deadline hours)
        (datetime(2025, 1, 10, 9, 0, tzinfo=MSK), region.roads, "Ямы и выбоины", region.tver, region.pos, "closed", 30, 48),
        (datetime(2025, 1, 20, 9, 0, tzinfo=MSK), region.roads, "Ямы и выбоины", region.rzhev, region.pos, "closed", 100, 48),
        (datetime(2025, 2, 3, 9, 0, tzinfo=MSK), region.roads, "Тротуары", region.tver, region.pos, "answered", 5, 48),
        (datetime(2025, 2, 4, 9, 0, tzinfo=MSK), region.roads, "Тротуары", region.tver, region.letter, "in_work", None, 48),
        (datetime(2025, 2, 14, 12, 0, tzinfo=MSK), region.health, "Запись к врачу", region.tver, region.pos, "closed", 200, 240),
        (datetime(2025, 3, 15, 12, 0, tzinfo=MSK), region.health, "Запись к врачу", region.rzhev, region.social, "closed", 700, 240),
        (datetime(2025, 3, 20, 9, 0, tzinfo=MSK), None, None, region.tver, region.pos, "new", None, None),
    ]
    for registered, sector, category, municipality, channel, status, answer_h, deadline_h in plan:
        make_message(
            region, received_at=registered, registered_at=registered, sector=sector, municipality=municipality,
            channel=channel, status=status, category=region.categories[category] if category else None,
            deadline_at=registered + timedelta(hours=deadline_h) if deadline_h is not None else None,
            answered_at=registered + timedelta(hours=answer_h) if answer_h is not None else None,
        )
    return region


@pytest.fixture
def people(make_user, region):
    """A head (whole region), a roads sector lead, an agency executor and a user without a role."""

    class People:
        pass

    p = People()
    p.head = make_user(RoleCode.HEAD)
    p.roads_lead = make_user(RoleCode.SECTOR_LEAD, sectors=[region.roads])
    p.clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    p.nobody = make_user()
    return p
