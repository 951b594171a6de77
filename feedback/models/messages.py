from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Lower, LPad, Now, Right
from django.utils.translation import gettext_lazy as _

from feedback.addresses import place_key_sql


class MessageStatus(models.TextChoices):
    """A message's life (DESIGN.md §3). Transitions are checked by the triage service, not here."""

    NEW = "new", _("новое")
    REJECTED = "rejected", _("отклонено модерацией")
    CLASSIFIED = "classified", _("классифицировано")
    ROUTED = "routed", _("направлено в орган")
    IN_WORK = "in_work", _("в работе")
    INTERIM = "interim", _("дан промежуточный ответ")
    ANSWERED = "answered", _("дан ответ")
    RETURNED = "returned", _("ответ возвращён на доработку")
    CLOSED = "closed", _("закрыто")
    REOPENED = "reopened", _("возобновлено")
    FORWARDED = "forwarded", _("перенаправлено по компетенции")
    DUPLICATE = "duplicate", _("дубликат")
    MERGED = "merged", _("объединено в массовую проблему")


# Ended: nobody owes the resident anything more. Everything else is open and can be overdue.
CLOSED_STATUSES = frozenset(
    {MessageStatus.REJECTED, MessageStatus.CLOSED, MessageStatus.FORWARDED, MessageStatus.DUPLICATE, MessageStatus.MERGED}
)
OPEN_STATUSES = frozenset(s for s in MessageStatus if s not in CLOSED_STATUSES)
_OPEN = sorted(s.value for s in OPEN_STATUSES)
# The states from which feedback.workflow lets a message join a mass problem (all open ones but
# «дан ответ»; a test keeps the two equal). A message that may join a suggested mass problem is in
# one of them, in no mass problem yet, at a known house.
MASS_JOINABLE = sorted(s.value for s in OPEN_STATUSES if s != MessageStatus.ANSWERED)
MASS_CANDIDATE = Q(status__in=MASS_JOINABLE, mass_problem__isnull=True, place_key__isnull=False)


def author_phone_key(field: str = "author_phone") -> models.Func:
    """The last ten digits of a phone: «+7 912 345-67-89» and «8 (912) 3456789» are one number.

    The card's "same author" lookup compares this expression, and an index is built on it.
    """
    digits = models.Func(
        models.F(field), models.Value(r"\D"), models.Value(""), models.Value("g"),
        function="regexp_replace", output_field=models.TextField(),
    )
    return Right(digits, 10)


class Message(models.Model):
    """A resident's message from any channel. Deadlines and flags are stored, not recomputed per page."""

    # The human-readable number is made by the database from the id, so bulk loads (COPY) and the
    # services number messages the same way without a round trip.
    number = models.GeneratedField(
        # Zero-padded to 8 digits; longer ids are written in full (lpad would cut them).
        expression=models.Case(
            models.When(id__lt=10**8, then=LPad(Cast("id", models.TextField()), 8, models.Value("0"), output_field=models.TextField())),
            default=Cast("id", models.TextField()),
            output_field=models.TextField(),
        ),
        output_field=models.CharField(max_length=20),
        db_persist=True,
        verbose_name=_("номер"),
    )
    channel = models.ForeignKey("feedback.Channel", on_delete=models.PROTECT, related_name="messages", verbose_name=_("канал"), db_index=False)
    kind = models.ForeignKey("feedback.MessageKind", on_delete=models.PROTECT, related_name="messages", verbose_name=_("вид"), db_index=False)
    # NULL, not "": messages without an external number must not collide in the unique constraint.
    external_id = models.CharField(_("номер во внешней системе"), max_length=200, null=True, blank=True)  # noqa: DJ001

    received_at = models.DateTimeField(_("поступило"))
    registered_at = models.DateTimeField(_("зарегистрировано"), db_default=Now())

    # Personal data (152-ФЗ): shown only to roles that need it, see cur.access.
    author_name = models.CharField(_("автор"), max_length=300, blank=True)
    author_email = models.CharField(_("электронная почта автора"), max_length=254, blank=True)
    author_phone = models.CharField(_("телефон автора"), max_length=40, blank=True)
    author_address = models.CharField(_("почтовый адрес автора"), max_length=500, blank=True)
    author_handle = models.CharField(_("профиль автора в соцсети"), max_length=300, blank=True)

    text = models.TextField(_("текст"))
    address = models.CharField(_("адрес проблемы"), max_length=500, blank=True)
    municipality = models.ForeignKey(
        "sectors.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="messages",
        verbose_name=_("муниципальное образование"), db_index=False,
    )
    latitude = models.FloatField(_("широта"), null=True, blank=True)
    longitude = models.FloatField(_("долгота"), null=True, blank=True)
    source_url = models.URLField(_("ссылка на источник"), max_length=1000, blank=True)

    sector = models.ForeignKey("sectors.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="messages", verbose_name=_("отраслевой блок"), db_index=False)
    category = models.ForeignKey("sectors.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="messages", verbose_name=_("категория"), db_index=False)
    agency = models.ForeignKey("sectors.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="messages", verbose_name=_("орган-исполнитель"), db_index=False)

    status = models.CharField(_("состояние"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.NEW, db_default=MessageStatus.NEW)

    deadline_at = models.DateTimeField(_("срок ответа"), null=True, blank=True)
    first_response_due_at = models.DateTimeField(_("срок первого отклика"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("первый отклик"), null=True, blank=True)
    answered_at = models.DateTimeField(_("дан ответ"), null=True, blank=True)
    closed_at = models.DateTimeField(_("закрыто"), null=True, blank=True)
    is_overdue = models.BooleanField(_("просрочено"), default=False, db_default=False)
    # "Due soon": the deadline falls before the end of the next working day. Refreshed with
    # is_overdue by the periodic job, so lists and reminders need no date arithmetic.
    is_due_soon = models.BooleanField(_("срок истекает"), default=False, db_default=False)
    deadline_extended = models.BooleanField(_("срок продлён"), default=False, db_default=False)

    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates", verbose_name=_("дубликат сообщения"), db_index=False)
    mass_problem = models.ForeignKey("feedback.MassProblem", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages", verbose_name=_("массовая проблема"), db_index=False)

    # Satisfaction (DESIGN.md §3): the resident's rating after the answer.
    rating = models.PositiveSmallIntegerField(_("оценка жителя"), null=True, blank=True)
    solved = models.BooleanField(_("проблема решена"), null=True, blank=True)
    rated_at = models.DateTimeField(_("оценено"), null=True, blank=True)
    # The agency asked the ЦУР to re-route (wrong addressee); cleared when the operator routes again.
    reroute_requested_at = models.DateTimeField(_("запрошена переадресация"), null=True, blank=True)
    reroute_reason = models.TextField(_("причина запроса переадресации"), blank=True, default="", db_default="")
    returned_count = models.PositiveSmallIntegerField(_("возвратов ответа"), default=0, db_default=0)
    reopened_count = models.PositiveSmallIntegerField(_("возобновлений"), default=0, db_default=0)

    created_at = models.DateTimeField(_("создано"), db_default=Now())
    # Set by a database trigger on every UPDATE, so it is right whatever code path wrote. Not
    # indexed on purpose: an indexed stamp would make every update rewrite all the indexes;
    # "what changed since" is answered from the history's time index instead.
    updated_at = models.DateTimeField(_("изменено"), db_default=Now())

    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="russian", weight="A") + SearchVector("address", config="russian", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # The house the address names («советская 5», feedback.addresses): near-duplicate messages and
    # suggested mass problems are grouped by it. Stored, so a list groups a week of messages by a
    # plain column instead of running the regular expressions on every row.
    place_key = models.GeneratedField(
        expression=place_key_sql(), output_field=models.TextField(), db_persist=True, verbose_name=_("ключ дома"),
    )

    class Meta:
        verbose_name = _("сообщение")
        verbose_name_plural = _("сообщения")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="message_external_id_unique_per_channel"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in MessageStatus]), name="message_status_valid"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="message_rating_1_5"),
            models.CheckConstraint(condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="message_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180), name="message_longitude_range"),
            models.CheckConstraint(condition=Q(category__isnull=True) | Q(sector__isnull=False), name="message_category_needs_sector"),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("id")), name="message_not_duplicate_of_itself"),
            models.CheckConstraint(condition=Q(registered_at__gte=models.F("received_at")), name="message_registered_after_received"),
            models.CheckConstraint(condition=~Q(text=""), name="message_text_not_empty"),
        ]
        indexes = [
            # Queues work on open messages ordered by deadline; partial indexes keep them small
            # as closed messages pile up over the years.
            models.Index(fields=["deadline_at", "id"], condition=Q(status__in=_OPEN), name="message_open_deadline"),
            models.Index(fields=["sector", "deadline_at"], condition=Q(status__in=_OPEN), name="message_open_sector"),
            models.Index(fields=["agency", "deadline_at"], condition=Q(status__in=_OPEN), name="message_open_agency"),
            models.Index(fields=["status", "registered_at"], name="message_status_time"),
            models.Index(fields=["registered_at"], name="message_registered"),
            models.Index(fields=["agency", "registered_at"], name="message_agency_time"),
            models.Index(fields=["sector", "registered_at"], name="message_sector_time"),
            models.Index(fields=["municipality", "registered_at"], name="message_municipality_time"),
            models.Index(fields=["category", "registered_at"], name="message_category_time"),
            models.Index(fields=["duplicate_of"], condition=Q(duplicate_of__isnull=False), name="message_duplicate_of"),
            models.Index(fields=["mass_problem"], condition=Q(mass_problem__isnull=False), name="message_mass_problem"),
            GinIndex(fields=["search_vector"], name="message_search"),
            # The card's related messages (feedback.selectors.card): the same author by e-mail,
            # phone or handle, the same address. The two expression indexes are not partial on
            # purpose: PostgreSQL estimates an expression only from a full index's statistics, and
            # without them it expects thousands of matches and scans the table by date instead.
            models.Index(Lower("author_email"), name="message_author_email"),
            models.Index(author_phone_key(), name="message_author_phone"),
            models.Index(fields=["author_handle"], condition=~Q(author_handle=""), name="message_author_handle"),
            models.Index(fields=["municipality", "address"], condition=~Q(address=""), name="message_place"),
            # Suggested mass problems (feedback.selectors.near_duplicates): open messages not yet in a
            # mass problem. The card looks up its house within ±7 days; the list groups the last days
            # by house from the index alone (the included columns), without reading the table.
            models.Index(fields=["municipality", "place_key", "registered_at"], condition=MASS_CANDIDATE, name="message_mass_house"),
            models.Index(
                fields=["registered_at"], include=["municipality", "place_key", "category", "sector", "agency"],
                condition=MASS_CANDIDATE, name="message_mass_recent",
            ),
            models.Index(
                fields=["municipality", "registered_at"], include=["latitude", "longitude"],
                condition=Q(status__in=MASS_JOINABLE, mass_problem__isnull=True, latitude__isnull=False, longitude__isnull=False),
                name="message_mass_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES
