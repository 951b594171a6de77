"""Project passports (ПП РФ № 1288 style, DESIGN.md §5) and their versions.

A project is the lasting identity; each passport is a version of it with its own approval. An
approved version is never edited: a change is a new version copied from it, which goes through
the same chain. `Project.current_version` is the latest approved one.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    sector = models.ForeignKey("sectors.Sector", on_delete=models.PROTECT, related_name="projects", verbose_name=_("отраслевой блок"))
    title = models.CharField(_("наименование"), max_length=500)
    current_version = models.ForeignKey(
        "roadmap.PassportVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("действующая версия"),
    )
    created_at = models.DateTimeField(_("создан"), db_default=Now())

    class Meta:
        verbose_name = _("проект")
        verbose_name_plural = _("проекты")
        ordering = ["sector__order", "title"]

    def __str__(self) -> str:
        return self.title


class PassportVersion(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="versions", verbose_name=_("проект"))
    number = models.PositiveSmallIntegerField(_("версия"))
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("на основе версии"))
    approval = models.OneToOneField("roadmap.ApprovalCase", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("согласование"))
    title = models.CharField(_("наименование проекта"), max_length=500)
    background = models.TextField(_("основание и обоснование"), blank=True)
    period_start = models.DateField(_("начало реализации"))
    period_end = models.DateField(_("окончание реализации"))
    curator = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("куратор проекта"))
    project_head = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("руководитель проекта"))
    administrator = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("администратор проекта"))
    change_reason = models.TextField(_("что изменено и почему"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("подготовил"))
    created_at = models.DateTimeField(_("создана"), db_default=Now())
    updated_at = models.DateTimeField(_("изменена"), db_default=Now())

    class Meta:
        verbose_name = _("паспорт проекта")
        verbose_name_plural = _("паспорта проектов")
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_passport_number_per_project"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="passport_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (версия {self.number})"


class PassportGoal(models.Model):
    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(_("№"), default=1)
    text = models.TextField(_("цель"))

    class Meta:
        verbose_name = _("цель")
        verbose_name_plural = _("цели")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class PassportIndicator(models.Model):
    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("№"), default=1)
    name = models.CharField(_("показатель"), max_length=500)
    unit = models.CharField(_("единица"), max_length=40)
    calculation_method = models.TextField(_("методика расчёта"))
    base_value = models.DecimalField(_("базовое значение"), max_digits=14, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("год"))
    target_value = models.DecimalField(_("целевое значение"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("показатель паспорта")
        verbose_name_plural = _("показатели паспорта")
        ordering = ["order", "year", "id"]

    def __str__(self) -> str:
        return self.name


class PassportTask(models.Model):
    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="tasks")
    year = models.PositiveSmallIntegerField(_("год"))
    task = models.TextField(_("задача"))
    result = models.TextField(_("результат"))

    class Meta:
        verbose_name = _("задача и результат")
        verbose_name_plural = _("задачи и результаты")
        ordering = ["year", "id"]

    def __str__(self) -> str:
        return self.task[:80]


class MilestoneKind(models.TextChoices):
    CONTROL_POINT = "control_point", _("контрольная точка")
    ACTIVITY = "activity", _("мероприятие")


class PassportMilestone(models.Model):
    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("вид"), max_length=16, choices=MilestoneKind.choices, default=MilestoneKind.ACTIVITY)
    title = models.CharField(_("наименование"), max_length=500)
    start_date = models.DateField(_("начало"), null=True, blank=True)
    due_date = models.DateField(_("срок"))
    responsible = models.CharField(_("ответственный"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("контрольная точка / мероприятие")
        verbose_name_plural = _("контрольные точки и мероприятия")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class FundingSource(models.TextChoices):
    FEDERAL = "federal", _("федеральный бюджет")
    REGIONAL = "regional", _("бюджет субъекта")
    MUNICIPAL = "municipal", _("местные бюджеты")
    EXTRABUDGETARY = "extra", _("внебюджетные источники")


class PassportFunding(models.Model):
    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="funding")
    year = models.PositiveSmallIntegerField(_("год"))
    source = models.CharField(_("источник"), max_length=10, choices=FundingSource.choices)
    amount = models.DecimalField(_("сумма, тыс. руб."), max_digits=14, decimal_places=1)

    class Meta:
        verbose_name = _("финансирование")
        verbose_name_plural = _("финансирование")
        ordering = ["year", "source", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}: {self.amount}"


class PassportParticipant(models.Model):
    version = models.ForeignKey(PassportVersion, on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, related_name="+", verbose_name=_("участник"))
    role_in_project = models.CharField(_("роль в проекте"), max_length=300)

    class Meta:
        verbose_name = _("участник проекта")
        verbose_name_plural = _("участники проекта")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.official.full_name}: {self.role_in_project}"
