"""A system that names the category (`category`): the message is classified and routed at intake."""

from django.core import mail

from feedback.models import EventKind, Message, MessageStatus, WebhookDelivery, WebhookEndpoint
from sectors.models import Category, RoutingRule
from tests.api.conftest import item

URL = "/api/v1/messages/"
BATCH = "/api/v1/messages/batch/"


def test_it_routes_a_message_whose_category_has_a_rule(pos, region, django_capture_on_commit_callbacks, enqueued):
    potholes = region.categories["Ямы и выбоины"]
    RoutingRule.objects.create(category=potholes, municipality=region.tver, agency=region.city)
    region.city.email = "city@tver.example"
    region.city.save(update_fields=["email"])
    endpoint = WebhookEndpoint.objects.create(agency=region.city, url="https://city.example/hook", secret="s")
    with django_capture_on_commit_callbacks(execute=True):
        response = pos.post(URL, item(1, category="roads-0"), format="json")
    assert response.status_code == 201, response.json()
    message = Message.objects.get(external_id="pos-1")
    assert (message.status, message.sector, message.category, message.agency) == (MessageStatus.ROUTED, region.roads, potholes, region.city)
    assert list(message.events.order_by("id").values_list("kind", flat=True)) == [EventKind.CREATED, EventKind.CLASSIFIED, EventKind.ROUTED]
    assert message.events.get(kind=EventKind.ROUTED).data["auto"] == "api"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.message_id) == (endpoint, message.pk)
    # After the commit: the agency's letter and the webhook's sending.
    assert [m.to for m in mail.outbox] == [["city@tver.example"]]
    assert [args for name, args in enqueued if name == "feedback.tasks.deliver_webhook"] == [(delivery.pk,)]


def test_it_only_classifies_when_no_rule_knows_the_agency(pos, region):
    response = pos.post(URL, item(1, category="health-0"), format="json")
    assert response.status_code == 201
    message = Message.objects.get(external_id="pos-1")
    assert (message.status, message.category, message.agency) == (MessageStatus.CLASSIFIED, region.categories["Запись к врачу"], None)


def test_it_refuses_an_unknown_category_and_asks_for_the_sector_when_a_code_is_shared(pos, region):
    response = pos.post(URL, item(1, category="nope"), format="json")
    assert response.status_code == 400
    assert "Категория с кодом «nope» не найдена" in response.json()["errors"]["category"][0]
    Category.objects.create(sector=region.health, code="roads-0", name="Дороги к больницам")
    shared = pos.post(URL, item(2, category="roads-0"), format="json")
    assert shared.status_code == 400
    assert "health/roads-0, roads/roads-0" in shared.json()["errors"]["category"][0]
    named = pos.post(URL, item(3, category="health/roads-0"), format="json")
    assert named.status_code == 201
    assert not Message.objects.filter(external_id__in=["pos-1", "pos-2"]).exists()


def test_a_batch_routes_its_items_and_reports_a_bad_category_per_item(pos, region):
    potholes = region.categories["Ямы и выбоины"]
    RoutingRule.objects.create(category=potholes, agency=region.transport)
    items = [item(n, category="roads-0") for n in range(20)] + [item(99, category="nope"), item(100)]
    body = pos.post(BATCH, {"items": items}, format="json").json()
    assert (body["created"], body["failed"]) == (21, 1)
    assert "category" in body["results"][20]["errors"]
    assert Message.objects.filter(status=MessageStatus.ROUTED, agency=region.transport).count() == 20
    assert Message.objects.get(external_id="pos-100").status == MessageStatus.NEW
