"""The delivery log page: who sees which deliveries, filters, «повторить»."""

from __future__ import annotations

import pytest

from feedback.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(region, make_message):
    transport = WebhookEndpoint.objects.create(agency=region.transport, url="https://transport.example/hook", secret="a")
    health = WebhookEndpoint.objects.create(agency=region.minzdrav, url="https://health.example/hook", secret="b")
    m1, m2 = make_message(region), make_message(region)
    rows = [
        WebhookDelivery(endpoint=transport, message=m1, event=WebhookEvent.ROUTED, payload={}, status=DeliveryStatus.DELIVERED, attempts=1, response_code=200),
        WebhookDelivery(endpoint=transport, message=m1, event=WebhookEvent.STATUS, payload={}, status=DeliveryStatus.FAILED, attempts=6, response_code=500, response_excerpt="<script>alert(1)</script>"),
        WebhookDelivery(endpoint=health, message=m2, event=WebhookEvent.ROUTED, payload={}, status=DeliveryStatus.RETRYING, attempts=2, error="ConnectionRefusedError"),
    ]
    return WebhookDelivery.objects.bulk_create(rows)


def _ids(response):
    return {d.pk for d in response.context["delivery_page"]}


def test_it_shows_every_delivery_to_the_head_and_technical_executive(client, make_user, log):
    for role in ("head", "technical_executive"):
        client.force_login(make_user(role))
        response = client.get("/webhooks/deliveries/")
        assert response.status_code == 200
        assert _ids(response) == {d.pk for d in log}
        assert "Журнал доставки уведомлений" in response.content.decode()


def test_it_shows_an_agency_executor_only_his_agencys_deliveries(client, make_user, region, log):
    client.force_login(make_user("agency_executor", agency=region.transport))
    response = client.get("/webhooks/deliveries/")
    assert _ids(response) == {log[0].pk, log[1].pk}
    assert "health.example" not in response.content.decode()


@pytest.mark.parametrize("role", ["operator", "media", "sector_lead", "governor_office"])
def test_it_refuses_other_roles(client, make_user, region, log, role):
    client.force_login(make_user(role, sectors=[region.roads]))
    assert client.get("/webhooks/deliveries/").status_code == 403
    assert client.post(f"/webhooks/deliveries/{log[1].pk}/retry/").status_code == 403


def test_it_sends_anonymous_users_to_login(client, log):
    response = client.get("/webhooks/deliveries/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_filters_by_status_event_agency_and_message(client, make_user, region, log):
    client.force_login(make_user("head"))
    assert _ids(client.get("/webhooks/deliveries/?status=failed")) == {log[1].pk}
    assert _ids(client.get("/webhooks/deliveries/?event=message.routed")) == {log[0].pk, log[2].pk}
    assert _ids(client.get(f"/webhooks/deliveries/?agency={region.minzdrav.pk}")) == {log[2].pk}
    assert _ids(client.get(f"/webhooks/deliveries/?number={log[2].message.number}")) == {log[2].pk}


def test_it_escapes_the_receivers_answer(client, make_user, log):
    client.force_login(make_user("head"))
    body = client.get("/webhooks/deliveries/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_it_retries_a_failed_delivery_on_request(client, make_user, region, log, django_capture_on_commit_callbacks, enqueued):
    client.force_login(make_user("agency_executor", agency=region.transport))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/webhooks/deliveries/{log[1].pk}/retry/", {"next": "/webhooks/deliveries/?status=failed"})
    assert response.status_code == 302 and response["Location"] == "/webhooks/deliveries/?status=failed"
    assert enqueued == [("feedback.tasks.deliver_webhook", (log[1].pk,))]
    log[1].refresh_from_db()
    assert log[1].status == DeliveryStatus.PENDING
    # Another agency's delivery is not his to retry.
    assert client.post(f"/webhooks/deliveries/{log[2].pk}/retry/").status_code == 404
    assert client.get(f"/webhooks/deliveries/{log[1].pk}/retry/").status_code == 405


def test_it_lists_a_page_with_a_fixed_number_of_queries(client, make_user, region, log, django_assert_max_num_queries, make_message):
    client.force_login(make_user("head"))
    with django_assert_max_num_queries(12) as few:
        client.get("/webhooks/deliveries/")
    endpoint = log[0].endpoint
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, message=make_message(region), event=WebhookEvent.ROUTED, payload={}) for _ in range(10)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/webhooks/deliveries/")
