from django.conf import settings
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
