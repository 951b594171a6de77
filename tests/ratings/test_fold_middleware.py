"""A page reading many slices folds the statistics delta log once, and shows what was just done."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cur.roles import RoleCode
from ratings.models import StatDelta
from ratings.stats.fold_scope import fold_needed


def test_a_page_of_many_slices_looks_at_the_log_once(client, make_user, region, make_message):
    client.force_login(make_user(RoleCode.HEAD))
    make_message(region, sector=region.roads)
    assert StatDelta.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/overview/")
    assert response.status_code == 200
    looks = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT EXISTS (SELECT 1 FROM ratings_statdelta)")]
    assert len(looks) == 1
    assert not StatDelta.objects.exists()
    # The next request looks again: a change made between two pages is on the second.
    make_message(region, sector=region.roads)
    client.get("/overview/")
    assert not StatDelta.objects.exists()


def test_outside_a_request_every_read_folds():
    assert fold_needed() and fold_needed()
