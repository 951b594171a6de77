"""Open311 service requests: creating one through the intake service, reading them back.

Idempotency (documented in README): a client that sends `attribute[external_id]` (or
`external_id`) names its own request; otherwise the SHA-256 of the request's fields stands for it,
so a POST retried after a lost response never makes a second message. Either way the external id
is prefixed with the key's id: two systems sharing a channel never clash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cur.numbers import as_id
from feedback.category_codes import category_by_code, category_index
from feedback.forms.intake import IncomingMessageForm
from feedback.models import CLOSED_STATUSES, Message, Open311Key
from feedback.open311.formats import w3c_or_null
from feedback.personal_data_mask import mask_personal_data
from feedback.services.intake import messages_ingest
from sectors.models import Category

DESCRIPTION_MAX = 4000  # the spec's limit of `description`
DEFAULT_WINDOW = timedelta(days=90)  # GET requests without dates: the last 90 days (spec)
MAX_RESULTS = 1000  # the spec's default cap of GET requests
_FIELDS = ("service_code", "lat", "long", "address_string", "address_id", "description", "first_name", "last_name", "email", "phone", "media_url", "device_id", "account_id")


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str, headers: dict[str, str] | None = None):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions
        self.headers = headers or {}


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True, sector__is_active=True).select_related("sector").order_by("sector__order", "order", "name")


def service_code(category: Category) -> str:
    """The code Open311 advertises for a category: its own code where that names only it among the
    active categories, otherwise «sector/code» (every sector has its «other»). Both are accepted.

    Codes resolve as the REST API's `category` does (feedback.api.intake: active categories by code
    and by «sector/code», kept in the process a few seconds); that module imports nothing of
    Open311, so there is no cycle.
    """
    same = category_index().get(category.code.casefold(), [])
    if len(same) == 1 and same[0].pk == category.pk:
        return category.code
    return f"{category.sector.code}/{category.code}"


def category_for(code: str, *, missing: int = 400) -> Category:
    """The active category `code` (as service_code, plain or «sector/code») names. None does:
    `missing` (the spec: 400 for a POST, 404 for a service definition); several do: 400."""
    problems: dict[str, list[str]] = {}
    index = category_index()
    found = category_by_code(code.strip(), index, problems)
    if found is None:
        status = 400 if len(index.get(code.strip().casefold(), [])) > 1 else missing
        raise Open311Error(status, *(f"service_code: {p}" for p in problems["category"]))
    return found


# The attributes every service accepts (GeoReport v2 service definition), posted as attribute[code].
ATTRIBUTES = [
    {
        "variable": True,
        "code": "external_id",
        "datatype": "string",
        "required": False,
        "datatype_description": "До 200 символов.",
        "order": 1,
        "description": "Номер заявки в вашей системе: повторная отправка с тем же номером не создаёт вторую заявку.",
    },
]


def service_definition_data(category: Category) -> dict:
    return {"service_code": service_code(category), "attributes": ATTRIBUTES}


def service_data(category: Category) -> dict:
    return {
        "service_code": service_code(category),
        "service_name": category.name,
        "description": f"{category.sector.name}: {category.name}",
        "metadata": bool(ATTRIBUTES),  # the spec: true when the service definition lists attributes
        "type": "realtime",
        "keywords": category.name.lower(),
        "group": category.sector.name,
    }


def _external_id(key: Open311Key, data: dict) -> str:
    own = (data.get("attribute[external_id]") or data.get("external_id") or "").strip()
    if own:
        return f"open311:{key.id}:{own}"[:200]
    canonical = json.dumps({name: data.get(name, "") for name in _FIELDS}, sort_keys=True, ensure_ascii=False)
    return f"open311:{key.id}:sha256:{hashlib.sha256(canonical.encode()).hexdigest()}"


@dataclass
class Created:
    message: Message
    created: bool


def request_create(*, key: Open311Key, data: dict, now: datetime | None = None) -> Created:
    """Validate as the intake form does, register through the intake service, which classifies the
    message into the service's category and routes it (feedback.services.auto_routing)."""
    if not (data.get("service_code") or "").strip():
        raise Open311Error(400, "Не указан service_code.")
    category = category_for(data["service_code"])
    description = (data.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise Open311Error(400, f"Описание (description) длиннее {DESCRIPTION_MAX} символов (сейчас {len(description)}).")
    has_point = bool(data.get("lat")) or bool(data.get("long"))
    if not has_point and not (data.get("address_string") or "").strip():
        raise Open311Error(400, "Укажите место: lat и long или address_string.")
    external_id = _external_id(key, data)
    name = " ".join(p for p in ((data.get("last_name") or "").strip(), (data.get("first_name") or "").strip()) if p)
    form = IncomingMessageForm(
        {
            "external_id": external_id,
            "text": description,
            "received_at": (now or timezone.now()).isoformat(),
            "address": data.get("address_string") or "",
            "latitude": data.get("lat") or "",
            "longitude": data.get("long") or "",
            "author_name": name,
            "author_email": data.get("email") or "",
            "author_phone": data.get("phone") or "",
            "source_url": data.get("media_url") or "",
        },
        now=now,
    )
    if not form.is_valid():
        raise Open311Error(400, *form.error_list())
    item = form.to_incoming()
    # The category the client chose: classified at once and, where a rule knows the agency, routed.
    item.category = category
    with transaction.atomic():
        result = messages_ingest(channel=key.channel, items=[item], source="open311")
        if not result.created:
            return Created(Message.objects.get(channel=key.channel, external_id=external_id), False)
    return Created(result.created[0], True)


# Reading --------------------------------------------------------------------------------------


def requests_of(key: Open311Key | None) -> QuerySet[Message]:
    """A key reads only its own channel's messages: no system sees what others sent. No key (public
    read, settings.CUR_OPEN311_PUBLIC_READ): every channel's, shown by `request_data(public=True)`."""
    queryset = Message.objects.select_related("category__sector", "agency").order_by("-received_at", "-id")
    return queryset if key is None else queryset.filter(channel_id=key.channel_id)


def parse_w3c(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "+") if "T" in value else value.strip())
    except ValueError:
        raise Open311Error(400, f"{name} «{value}» не распознан: ожидается дата W3C, например 2026-03-01T00:00:00+03:00.") from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def requests_search(*, key: Open311Key | None, params, now: datetime | None = None) -> list[Message]:
    queryset = requests_of(key)
    ids = [i.strip() for i in (params.get("service_request_id") or "").split(",") if i.strip()]
    if ids:
        # The spec: with ids given, every other filter is ignored.
        numbers = [n for n in map(as_id, ids) if n is not None]
        return list(queryset.filter(pk__in=numbers)[:MAX_RESULTS])
    if params.get("service_code"):
        # Either form of a code (plain or «sector/code»); a plain code several sectors share is a
        # filter, not a choice, so it takes them all.
        index = category_index()
        codes = [c.strip().casefold() for c in params["service_code"].split(",") if c.strip()]
        queryset = queryset.filter(category_id__in={c.pk for code in codes for c in index.get(code, [])})
    start = parse_w3c(params["start_date"], "start_date") if params.get("start_date") else None
    end = parse_w3c(params["end_date"], "end_date") if params.get("end_date") else None
    if start is None and end is None:
        start = (now or timezone.now()) - DEFAULT_WINDOW
    if start is not None:
        queryset = queryset.filter(received_at__gte=start)
    if end is not None:
        queryset = queryset.filter(received_at__lte=end)
    status = (params.get("status") or "").strip()
    if status:
        wanted = {s.strip() for s in status.split(",")}
        if not wanted <= {"open", "closed"}:
            raise Open311Error(400, f"status «{status}» не распознан: допустимо open или closed.")
        closed = [s.value for s in CLOSED_STATUSES]
        if wanted == {"open"}:
            queryset = queryset.exclude(status__in=closed)
        elif wanted == {"closed"}:
            queryset = queryset.filter(status__in=closed)
    return list(queryset[:MAX_RESULTS])


def request_data(message: Message, *, public: bool = False) -> dict:
    """One request as the spec lists it, without the resident's personal data (name, e-mail, phone).

    The spec's types: null where we have no value (never ""), numbers for lat/long, W3C datetimes.
    `public` (read without a key): personal data in the text masked, the flat number in the address
    too, and no media_url, which for social networks is the resident's own post.
    """
    closed = message.status in CLOSED_STATUSES
    category = message.category if message.category_id else None
    has_point = message.latitude is not None and message.longitude is not None
    description, address = message.text, message.address or None
    if public:
        description = mask_personal_data(description)
        address = mask_personal_data(address, names=False) if address else None
    if len(description) > DESCRIPTION_MAX:  # the spec's limit; a letter by e-mail may be longer
        description = description[: DESCRIPTION_MAX - 1] + "…"
    return {
        "service_request_id": message.number,
        "status": "closed" if closed else "open",
        "status_notes": message.get_status_display(),
        "service_name": category.name if category else None,
        "service_code": service_code(category) if category else None,
        "description": description,
        "agency_responsible": message.agency.name if message.agency_id else None,
        "service_notice": None,
        "requested_datetime": w3c_or_null(message.received_at),
        # The spec: for a closed request, when it was closed.
        "updated_datetime": w3c_or_null((message.closed_at if closed else None) or message.updated_at),
        "expected_datetime": w3c_or_null(message.deadline_at),
        "address": address,
        "address_id": None,
        "zipcode": None,
        "lat": message.latitude if has_point else None,
        "long": message.longitude if has_point else None,
        "media_url": (message.source_url or None) if not public else None,
    }
