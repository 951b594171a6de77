"""Schemathesis drives every operation of the API's own OpenAPI schema with generated data, both
valid and invalid, through the WSGI application, as an agency system holding every scope: no
request may end in a server error. (The same run against a live server: see README «API».)
"""

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from cur.wsgi import application  # pytest-django has configured Django by now
from feedback.api.tokens import token_issue
from feedback.models import ApiScope, IntegrationSystem

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def _keep_connection():
    """As Django's test client does: the test's transaction must outlive each request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_key(region, make_user, make_message, routed):
    from cur.roles import RoleCode

    clerk = make_user(RoleCode.AGENCY_EXECUTOR, agency=region.city)
    system = IntegrationSystem.objects.create(
        name="Фаззинг", channel=region.pos, scopes=[s.value for s in ApiScope], agency=region.city, user=clerk, rate_per_minute=100000,
    )
    make_message(region, **routed)
    return token_issue(system=system)[1]


@schema.parametrize()
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_never_answers_with_a_server_error(case, fuzz_key):
    response = case.call(headers={"Authorization": f"Token {fuzz_key}"})
    case.validate_response(response, checks=[not_a_server_error])
