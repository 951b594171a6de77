"""A sharp growth in the demo region, so the head finds a notification on the first `make run`.

The generator's random intake may or may not cross the growth rule on the day it runs; this adds
today's burst of one ЖКХ category in Ржев (no heating in the cold season, no hot water otherwise),
through the intake and the operator's classification, as the messages would really come in.
Only messages: the notification itself comes from the growth task, as on any other day.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.utils import timezone

from cur.roles import RoleCode
from feedback.models import Channel, Message
from feedback.services.intake import IncomingMessage, messages_ingest
from feedback.services.triage import message_classify
from sectors.models import Category, Municipality, RoleAssignment

PLACE = "Ржев"
STREETS = ("ул. Краностроителей", "Ленинградское шоссе", "ул. Партизанская", "ул. Ленина", "ул. Марата",
           "ул. Большая Спасская", "ул. Садовая", "ул. Чкалова")
HEATING_MONTHS = {1, 2, 3, 4, 10, 11, 12}
TEXTS = {
    "Нет отопления": (
        "В доме {addr} третий день нет отопления, батареи холодные, в квартире +14. Управляющая компания трубку не берёт.",
        "{addr}: с утра нет тепла во всём подъезде, дети мёрзнут. Когда дадут отопление?",
        "Холодные батареи в квартире, дом {addr}. Говорят, в подвале прорвало трубу. Просим срочно разобраться.",
        "Нет отопления в доме {addr}, звонили в аварийную службу — никто не приехал.",
    ),
    "Нет горячей воды": (
        "В доме {addr} вторую неделю нет горячей воды, объявлений о плановом отключении не было.",
        "{addr}: отключили горячую воду без предупреждения, в управляющей компании не знают, когда дадут.",
        "Нет горячей воды в доме {addr}, из крана идёт только холодная. Просим сообщить сроки.",
    ),
}


def plant_growth_spike(*, now=None) -> int:
    """Add today's burst; returns how many messages were added (0 if the demo region lacks the pieces)."""
    now = now or timezone.now()
    name = "Нет отопления" if timezone.localtime(now).month in HEATING_MONTHS else "Нет горячей воды"
    category = Category.objects.filter(name=name, sector__code="zhkh", is_active=True).select_related("sector").first()
    place = Municipality.objects.filter(name=PLACE).first()
    channel = Channel.objects.filter(code="pos").first() or Channel.objects.filter(default_kind__isnull=False).first()
    operator = (
        RoleAssignment.objects.filter(role__code=RoleCode.OPERATOR, official__is_active=True, official__user__isnull=False)
        .select_related("official__user").first()
    )
    if category is None or place is None or channel is None or operator is None:
        return 0
    # Enough to cross the dashboard's rule (twice the usual week) with room: about 3.5 usual weeks.
    usual = Message.objects.filter(
        category=category, municipality=place,
        registered_at__gte=now - timedelta(days=34), registered_at__lt=now - timedelta(days=6),
    ).count() / 4
    recent = Message.objects.filter(category=category, municipality=place, registered_at__gte=now - timedelta(days=6)).count()
    wanted = max(12, math.ceil(3.5 * max(usual, 1))) - recent
    if wanted <= 0:
        return 0
    texts = TEXTS[name]
    items = [
        IncomingMessage(
            text=texts[i % len(texts)].format(addr=f"{STREETS[i % len(STREETS)]}, д. {3 + 7 * i % 41}"),
            received_at=now - timedelta(minutes=17 * (wanted - i)), municipality_id=place.id,
            address=f"г. {PLACE}, {STREETS[i % len(STREETS)]}, д. {3 + 7 * i % 41}",
        )
        for i in range(wanted)
    ]
    created = messages_ingest(channel=channel, items=items).created
    for message in created:
        message_classify(message=message, category=category, by=operator.official.user)
    return len(created)
