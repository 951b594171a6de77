from django.db import models
from django.utils.translation import gettext_lazy as _

from feedback.models import OPEN_STATUSES
from ratings.stats.definitions import ANSWER_BUCKETS, HOUR_EDGES, RESPONSE_BUCKETS

# Rollup rows are written by the database trigger of ratings.stats (never by the ORM), so
# references to reference data carry no foreign-key constraint: a trigger insert must not pay
# for six key checks, and reference rows are never deleted (PROTECT elsewhere).
# Nor an index of its own: rollups are read through their composite indexes, and every extra
# index would make each trigger upsert write one more index entry.
_ref = {"on_delete": models.DO_NOTHING, "db_constraint": False, "db_index": False, "null": True, "related_name": "+"}


class _Measures(models.Model):
    received = models.IntegerField(_("поступило"), default=0)
    answered = models.IntegerField(_("дан ответ"), default=0)
    answered_on_time = models.IntegerField(_("ответ в срок"), default=0)
    overdue = models.IntegerField(_("просрочено сейчас"), default=0)

    class Meta:
        abstract = True


class _MonthlyMeasures(_Measures):
    answer_seconds = models.BigIntegerField(_("сумма времени до ответа, с"), default=0)
    response_due = models.IntegerField(_("ждали первого отклика"), default=0)
    responded = models.IntegerField(_("был первый отклик"), default=0)
    responded_on_time = models.IntegerField(_("первый отклик в срок"), default=0)
    rated = models.IntegerField(_("оценено жителем"), default=0)
    rating_sum = models.IntegerField(_("сумма оценок"), default=0)
    rated_high = models.IntegerField(_("оценки 4–5"), default=0)
    reopened = models.IntegerField(_("возобновлялись"), default=0)
    returned = models.IntegerField(_("ответ возвращался"), default=0)

    class Meta:
        abstract = True


class MonthlyStat(_MonthlyMeasures):
    """Messages registered in a month, by every dimension of the statistical slices."""

    month = models.DateField(_("месяц"))
    sector = models.ForeignKey("sectors.Sector", verbose_name=_("отраслевой блок"), **_ref)
    category = models.ForeignKey("sectors.Category", verbose_name=_("категория"), **_ref)
    municipality = models.ForeignKey("sectors.Municipality", verbose_name=_("муниципальное образование"), **_ref)
    agency = models.ForeignKey("sectors.Agency", verbose_name=_("орган"), **_ref)
    channel = models.ForeignKey("feedback.Channel", verbose_name=_("канал"), **_ref)
    kind = models.ForeignKey("feedback.MessageKind", verbose_name=_("вид"), **_ref)
    status = models.CharField(_("состояние"), max_length=16)

    class Meta:
        verbose_name = _("сводка за месяц")
        verbose_name_plural = _("сводки за месяц")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "sector", "category", "municipality", "agency", "channel", "kind", "status"],
                nulls_distinct=False,
                name="monthlystat_key",
            )
        ]
        indexes = [
            models.Index(fields=["sector", "month"], name="monthlystat_sector_month"),
            # What is open now, by sector and agency: the rows of open states only, however long
            # the history. No sums are included: an indexed sum would rule out HOT updates.
            models.Index(fields=["sector", "agency"], condition=models.Q(status__in=sorted(OPEN_STATUSES)), name="monthlystat_open"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}: {self.received}"


class SectorMonthStat(_MonthlyMeasures):
    """Per sector and month, the messages by one dimension at a time (dim, value); dim '' is the total.

    What the dashboards read: a sector's year by category is a few hundred rows here, not the tens
    of thousands of MonthlyStat rows that hold the same sums.
    """

    month = models.DateField(_("месяц"))
    sector = models.ForeignKey("sectors.Sector", verbose_name=_("отраслевой блок"), **_ref)
    dim = models.CharField(_("разрез"), max_length=16, blank=True)
    # NULL, not "", for "no value": an id or a state, or nothing (an unclassified message).
    value = models.CharField(_("значение"), max_length=40, null=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("сводка блока за месяц")
        verbose_name_plural = _("сводки блоков за месяц")
        constraints = [
            models.UniqueConstraint(fields=["month", "sector", "dim", "value"], nulls_distinct=False, name="sectormonthstat_key")
        ]
        indexes = [models.Index(fields=["dim", "sector", "month"], name="sectormonthstat_dim")]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y} {self.dim}={self.value}: {self.received}"


def _interval_label(k: int) -> str:
    low = HOUR_EDGES[k - 1] if k else 0
    return f"{low}–{HOUR_EDGES[k]} ч" if k < len(HOUR_EDGES) else f"≥ {low} ч"


# One counter per interval of hours (ratings.stats.definitions): how long answers and first
# responses took, so that medians can be read off any sum of rows.
for _columns, _what in ((ANSWER_BUCKETS, _("ответ")), (RESPONSE_BUCKETS, _("первый отклик"))):
    for _k, (_name, _sql) in enumerate(_columns):
        for _model in (MonthlyStat, SectorMonthStat):
            _model.add_to_class(_name, models.IntegerField(f"{_what}: {_interval_label(_k)}", default=0))


class DailyStat(_Measures):
    """Messages registered on a day by sector, category and municipality: trends and growth alerts."""

    day = models.DateField(_("день"))
    sector = models.ForeignKey("sectors.Sector", verbose_name=_("отраслевой блок"), **_ref)
    category = models.ForeignKey("sectors.Category", verbose_name=_("категория"), **_ref)
    municipality = models.ForeignKey("sectors.Municipality", verbose_name=_("муниципальное образование"), **_ref)

    class Meta:
        verbose_name = _("сводка за день")
        verbose_name_plural = _("сводки за день")
        constraints = [
            models.UniqueConstraint(fields=["day", "sector", "category", "municipality"], nulls_distinct=False, name="dailystat_key")
        ]
        indexes = [models.Index(fields=["sector", "day"], name="dailystat_sector_day")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}: {self.received}"


class SectorDayStat(_Measures):
    """Per sector and day, the totals: the dashboards' trend charts."""

    day = models.DateField(_("день"))
    sector = models.ForeignKey("sectors.Sector", verbose_name=_("отраслевой блок"), **_ref)

    class Meta:
        verbose_name = _("сводка блока за день")
        verbose_name_plural = _("сводки блоков за день")
        constraints = [models.UniqueConstraint(fields=["day", "sector"], nulls_distinct=False, name="sectordaystat_key")]
        indexes = [models.Index(fields=["sector", "day"], name="sectordaystat_sector_day")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}: {self.received}"


class SectorDayDimStat(_Measures):
    """Per sector and day, the messages by one dimension at a time (dim, value): category or municipality.

    A dashboard's period that is not whole months (the last 3 or 12 months to today) reads its
    categories here: a few rows per day, where the daily rollup holds every category ×
    municipality of the sector.
    """

    day = models.DateField(_("день"))
    sector = models.ForeignKey("sectors.Sector", verbose_name=_("отраслевой блок"), **_ref)
    dim = models.CharField(_("разрез"), max_length=16)
    # NULL for "no value" (an unclassified message), as in the monthly lattice.
    value = models.CharField(_("значение"), max_length=40, null=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("сводка блока за день по разрезу")
        verbose_name_plural = _("сводки блоков за день по разрезам")
        constraints = [
            models.UniqueConstraint(fields=["day", "sector", "dim", "value"], nulls_distinct=False, name="sectordaydimstat_key")
        ]
        indexes = [models.Index(fields=["dim", "sector", "day"], name="sectordaydimstat_dim")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.dim}={self.value}: {self.received}"


class StatDelta(models.Model):
    """A message's contribution to the rollups, added (sign +1) or taken away (−1), not yet folded in.

    The message triggers append here instead of updating the rollups: an append locks nothing
    that a concurrent delivery needs, where an upsert of a sector's month total would make every
    other delivery wait for this one's commit. ratings.services.stats.stats_fold moves the rows
    into the rollups (a beat task every few seconds, and every reader of the rollups first).
    Written and read by SQL only; no key to other tables, as for the rollups.
    """

    id = models.BigAutoField(primary_key=True)
    sign = models.SmallIntegerField()
    registered_at = models.DateTimeField()
    sector_id = models.BigIntegerField(null=True)
    category_id = models.BigIntegerField(null=True)
    municipality_id = models.BigIntegerField(null=True)
    agency_id = models.BigIntegerField(null=True)
    channel_id = models.BigIntegerField()
    kind_id = models.BigIntegerField()
    status = models.CharField(max_length=16)
    answered_at = models.DateTimeField(null=True)
    deadline_at = models.DateTimeField(null=True)
    first_response_at = models.DateTimeField(null=True)
    first_response_due_at = models.DateTimeField(null=True)
    rating = models.SmallIntegerField(null=True)
    reopened_count = models.SmallIntegerField()
    returned_count = models.SmallIntegerField()
    is_overdue = models.BooleanField()

    class Meta:
        verbose_name = _("изменение сводок, ещё не учтённое")
        verbose_name_plural = _("изменения сводок, ещё не учтённые")

    def __str__(self) -> str:
        return f"{self.sign:+d}: {self.status}, {self.registered_at:%d.%m.%Y}"
