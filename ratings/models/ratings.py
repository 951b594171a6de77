"""Monthly ratings of agencies and municipalities (Положение п.13.4, DESIGN.md §4).

The methodology is data: versions of criteria weights, indicator weights chosen from the catalog
in `ratings.rating.indicators`, the minimum number of messages and the zone thresholds. Exactly
one version is current; editing makes a new one, old ones stay for the ratings computed by them.

A rating run is one computation of one month by one methodology version. A month's current rating
is its latest finished version; a recomputation is a new version and the old ones stay viewable,
so a month's rating never silently changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from ratings.rating.criteria import Criterion, SubjectKind, Zone


class Methodology(models.Model):
    version = models.PositiveIntegerField(_("версия"), unique=True)
    is_current = models.BooleanField(_("действующая"), default=False)
    min_messages = models.PositiveIntegerField(_("минимум сообщений для оценки"), default=10)
    green_from = models.DecimalField(_("зелёная зона от, баллов"), max_digits=5, decimal_places=1, default=80)
    yellow_from = models.DecimalField(_("жёлтая зона от, баллов"), max_digits=5, decimal_places=1, default=60)
    comment = models.TextField(_("что изменено и почему"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("автор")
    )
    created_at = models.DateTimeField(_("создана"), db_default=Now())

    class Meta:
        verbose_name = _("методика рейтинга")
        verbose_name_plural = _("методики рейтинга")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="methodology_one_current"),
            models.CheckConstraint(
                condition=Q(yellow_from__gte=0, green_from__lte=100, yellow_from__lt=models.F("green_from")),
                name="methodology_zone_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Методика')}, {_('версия')} {self.version}"


class MethodologyCriterion(models.Model):
    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("методика"))
    code = models.CharField(_("критерий"), max_length=16, choices=Criterion.choices)
    weight = models.PositiveSmallIntegerField(_("вес, %"))
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий методики")
        verbose_name_plural = _("критерии методики")
        ordering = ["methodology", "order"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="methodology_criterion_unique"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="methodology_criterion_weight_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.weight} %"


class MethodologyIndicator(models.Model):
    criterion = models.ForeignKey(MethodologyCriterion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("критерий"))
    # A code of ratings.rating.indicators.CATALOG: the computation is code, its weight is data.
    code = models.CharField(_("показатель"), max_length=32)
    weight = models.PositiveSmallIntegerField(_("вес в критерии, %"))
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("показатель методики")
        verbose_name_plural = _("показатели методики")
        ordering = ["criterion", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="methodology_indicator_unique"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="methodology_indicator_weight_100"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.weight} %"


class RunState(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("считается")
    DONE = "done", _("готов")
    FAILED = "failed", _("ошибка")


class RatingRun(models.Model):
    month = models.DateField(_("месяц"))  # its first day
    version = models.PositiveIntegerField(_("версия"))
    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="runs", verbose_name=_("методика"))
    state = models.CharField(_("состояние"), max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("выполнено, %"), default=0)
    step = models.CharField(_("этап"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("запросил"),  # empty: the monthly schedule
    )
    created_at = models.DateTimeField(_("запрошен"), db_default=Now())
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершён"), null=True, blank=True)
    # The moment the messages' state was read: "is the deadline past?" is asked at this moment.
    as_of = models.DateTimeField(_("данные на"), null=True, blank=True)
    messages = models.PositiveIntegerField(_("сообщений месяца"), default=0)
    error = models.TextField(_("ошибка"), blank=True)

    class Meta:
        verbose_name = _("расчёт рейтинга")
        verbose_name_plural = _("расчёты рейтинга")
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["month", "version"], name="rating_run_version_unique"),
            models.CheckConstraint(condition=Q(state__in=[s.value for s in RunState]), name="rating_run_state_valid"),
            models.CheckConstraint(condition=Q(month__day=1), name="rating_run_month_first_day"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="rating_run_progress_100"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}, {_('версия')} {self.version}"


class RatingResult(models.Model):
    """One agency's or municipality's line of a run: its counts, indicator values and scores."""

    run = models.ForeignKey(RatingRun, on_delete=models.CASCADE, related_name="results", verbose_name=_("расчёт"), db_index=False)
    kind = models.CharField(_("кого оценивают"), max_length=12, choices=SubjectKind.choices)
    agency = models.ForeignKey(
        "sectors.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("орган"), db_index=False,
    )
    municipality = models.ForeignKey(
        "sectors.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("муниципальное образование"), db_index=False,
    )
    # The name as it was when rated: a later renaming does not rewrite history.
    name = models.CharField(_("название"), max_length=300)
    messages = models.PositiveIntegerField(_("сообщений"))
    # Indicator code → {"den": n, "bad": n, "value": float|None, "score": float|None}.
    indicators = models.JSONField(_("показатели"), default=dict)
    # Criterion code → score 0–100 (None when none of its indicators had anything to measure).
    criteria = models.JSONField(_("баллы по критериям"), default=dict)
    score = models.DecimalField(_("балл"), max_digits=5, decimal_places=2, null=True, blank=True)  # NULL: not rated
    rank = models.PositiveIntegerField(_("место"), null=True, blank=True)
    zone = models.CharField(_("зона"), max_length=8, choices=Zone.choices, blank=True)
    change = models.DecimalField(_("изменение к прошлому месяцу"), max_digits=6, decimal_places=2, null=True, blank=True)
    # Messages per 10 000 residents: context for municipalities with a known population, not scored.
    per_capita = models.FloatField(_("сообщений на 10 000 жителей"), null=True, blank=True)

    class Meta:
        verbose_name = _("результат рейтинга")
        verbose_name_plural = _("результаты рейтинга")
        ordering = ["run", "kind", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "agency"], name="rating_result_agency_unique"),
            models.UniqueConstraint(fields=["run", "kind", "municipality"], name="rating_result_municipality_unique"),
            models.CheckConstraint(
                condition=Q(kind=SubjectKind.AGENCY, agency__isnull=False, municipality__isnull=True)
                | Q(kind=SubjectKind.MUNICIPALITY, municipality__isnull=False, agency__isnull=True),
                name="rating_result_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True, rank__isnull=True, zone="") | Q(score__isnull=False, rank__isnull=False),
                name="rating_result_rank_with_score",
            ),
        ]
        indexes = [
            # A subject's trend over the months.
            models.Index(fields=["agency", "run"], name="rating_result_agency_trend", condition=Q(agency__isnull=False)),
            models.Index(fields=["municipality", "run"], name="rating_result_muni_trend", condition=Q(municipality__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.score if self.score is not None else '—'}"

    @property
    def subject_id(self) -> int:
        return self.agency_id or self.municipality_id
