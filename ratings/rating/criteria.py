"""The four criteria of Положение п.13.4: quantity, speed, quality and completeness of response."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    QUANTITY = "quantity", _("Количество")
    SPEED = "speed", _("Скорость")
    QUALITY = "quality", _("Качество")
    COMPLETENESS = "completeness", _("Полнота")


CRITERIA_ORDER: tuple[str, ...] = tuple(c.value for c in Criterion)


class SubjectKind(models.TextChoices):
    AGENCY = "agency", _("органы власти")
    MUNICIPALITY = "municipality", _("муниципальные образования")


class Zone(models.TextChoices):
    GREEN = "green", _("зелёная")
    YELLOW = "yellow", _("жёлтая")
    RED = "red", _("красная")
