from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class ClassifierTarget(models.TextChoices):
    SECTOR = "sector", _("отраслевой блок")
    CATEGORY = "category", _("категория")


class TrainingState(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("обучается")
    READY = "ready", _("готова")
    FAILED = "failed", _("ошибка")


class ClassifierVersion(models.Model):
    """One trained model of the sector or category suggestion, with its held-out evaluation.

    Exactly one ready version per target is active (a partial unique constraint); the head
    activates another one or rolls back to an earlier one. Metrics are those of the model stored
    in the file: it is trained on 80 % and evaluated on the 20 % it never saw.
    """

    target = models.CharField(_("что предсказывает"), max_length=16, choices=ClassifierTarget.choices)
    state = models.CharField(_("состояние"), max_length=16, choices=TrainingState.choices, default=TrainingState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    stage = models.CharField(_("этап"), max_length=200, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), db_default=Now())
    trained_at = models.DateTimeField(_("обучена"), null=True, blank=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("кто запустил"),
    )
    training_size = models.PositiveIntegerField(_("обучающих сообщений"), default=0)
    test_size = models.PositiveIntegerField(_("проверочных сообщений"), default=0)
    seconds = models.FloatField(_("время обучения, с"), null=True, blank=True)
    # {"accuracy", "macro_f1", "classes": [{label, precision, recall, f1, support}], "labels",
    # "confusion"} — see feedback.classifier.evaluation.metrics; labels are ids of the target.
    metrics = models.JSONField(_("оценка модели"), default=dict, blank=True)
    baseline_metrics = models.JSONField(_("оценка ключевых слов"), default=dict, blank=True)
    file_path = models.CharField(_("файл модели"), max_length=500, blank=True)
    is_active = models.BooleanField(_("активна"), default=False)

    class Meta:
        verbose_name = _("версия классификатора")
        verbose_name_plural = _("версии классификатора")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["target"], condition=Q(is_active=True), name="classifier_one_active_per_target"),
            models.CheckConstraint(condition=Q(is_active=False) | Q(state="ready"), name="classifier_active_is_ready"),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} № {self.pk}"


class ToneFlag(models.TextChoices):
    """What the tone lexicon found in a message (feedback.classifier.tone)."""

    THREAT = "threat", _("угрозы")
    OBSCENITY = "obscenity", _("нецензурная брань")
    CONFLICT = "conflict", _("острый конфликт")


class MessageSuggestion(models.Model):
    """What the classifier and the tone lexicon made of a message when it arrived.

    A table of its own, not columns of Message: writing it must not fire the message's triggers
    (statistics, update time) nor lock the row an operator may be working on. The queue reads it
    for the page's rows only; a message without a row has not been analysed yet.
    """

    message = models.OneToOneField(
        "feedback.Message", on_delete=models.CASCADE, primary_key=True, related_name="suggestion",
        verbose_name=_("сообщение"),
    )
    version = models.ForeignKey(
        ClassifierVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("версия классификатора"),
    )
    category = models.ForeignKey(
        "sectors.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("подсказанная категория"),
    )
    confidence = models.FloatField(_("уверенность"), null=True, blank=True)
    tone = ArrayField(models.CharField(max_length=16, choices=ToneFlag.choices), default=list, blank=True, verbose_name=_("тон"))
    created_at = models.DateTimeField(_("когда разобрано"), db_default=Now())

    class Meta:
        verbose_name = _("подсказка по сообщению")
        verbose_name_plural = _("подсказки по сообщениям")
        indexes = [
            # The queue's «конфликтные» filter looks up the few flagged messages only.
            models.Index(fields=["message"], condition=~Q(tone=[]), name="suggestion_flagged_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.category_id} ({self.percent} %)"

    @property
    def percent(self) -> int | None:
        return None if self.confidence is None else round(100 * self.confidence)

    def tone_labels(self) -> list[str]:
        return [str(ToneFlag(code).label) for code in self.tone if code in ToneFlag.values]


class SectorAutoRouting(models.Model):
    """The head's threshold per sector: above it a new message is classified and routed by the
    classifier without waiting for an operator. Off (no row or no threshold) by default."""

    sector = models.OneToOneField(
        "sectors.Sector", on_delete=models.CASCADE, primary_key=True, related_name="auto_routing",
        verbose_name=_("отраслевой блок"),
    )
    min_confidence = models.FloatField(_("порог уверенности"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("кто изменил"),
    )
    changed_at = models.DateTimeField(_("когда изменено"), auto_now=True)

    class Meta:
        verbose_name = _("автоклассификация блока")
        verbose_name_plural = _("автоклассификация по блокам")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_confidence__isnull=True) | Q(min_confidence__gte=0.5, min_confidence__lte=1),
                name="auto_routing_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sector_id}: {self.min_confidence}"
