from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

oktmo_validator = RegexValidator(r"^(\d{8}|\d{11})$", _("Код ОКТМО состоит из 8 или 11 цифр."))


class MunicipalityKind(models.TextChoices):
    URBAN_DISTRICT = "urban_district", _("городской округ")
    MUNICIPAL_DISTRICT = "municipal_district", _("муниципальный округ")
    MUNICIPAL_AREA = "municipal_area", _("муниципальный район")
    URBAN_SETTLEMENT = "urban_settlement", _("городское поселение")
    RURAL_SETTLEMENT = "rural_settlement", _("сельское поселение")


class Municipality(models.Model):
    name = models.CharField(_("название"), max_length=200)
    oktmo = models.CharField(_("код ОКТМО"), max_length=11, unique=True, validators=[oktmo_validator])
    kind = models.CharField(_("вид"), max_length=24, choices=MunicipalityKind.choices)
    population = models.PositiveIntegerField(_("население, чел."), null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("входит в")
    )
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("муниципальное образование")
        verbose_name_plural = _("муниципальные образования")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="municipality_name_kind_unique"),
            models.CheckConstraint(condition=Q(oktmo__regex=r"^(\d{8}|\d{11})$"), name="municipality_oktmo_digits"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in MunicipalityKind]), name="municipality_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
