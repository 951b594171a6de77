from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    EXECUTIVE = "executive", _("исполнительный орган")
    LOCAL_GOVERNMENT = "local_government", _("орган местного самоуправления")
    SUBORDINATE = "subordinate", _("подведомственное учреждение")
    STATE_COMPANY = "state_company", _("организация с государственным участием")
    FEDERAL_TERRITORIAL = "federal_territorial", _("территориальный орган федерального органа")


class Agency(models.Model):
    """A body that answers residents: a ministry, a municipal administration, an institution, a company."""

    name = models.CharField(_("полное название"), max_length=300, unique=True)
    short_name = models.CharField(_("краткое название"), max_length=120, blank=True)
    kind = models.CharField(_("вид"), max_length=24, choices=AgencyKind.choices)
    municipality = models.ForeignKey(
        "sectors.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("муниципальное образование"),
    )
    sectors = models.ManyToManyField("sectors.Sector", blank=True, related_name="agencies", verbose_name=_("отраслевые блоки"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("вышестоящий орган"),
    )
    email = models.EmailField(_("электронная почта для уведомлений"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("орган / организация")
        verbose_name_plural = _("органы и организации")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in AgencyKind]), name="agency_kind_valid"),
            # A local-government body exists only inside a municipality.
            models.CheckConstraint(
                condition=~Q(kind=AgencyKind.LOCAL_GOVERNMENT) | Q(municipality__isnull=False),
                name="local_government_has_municipality",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="agency_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.kind == AgencyKind.LOCAL_GOVERNMENT and not self.municipality_id:
            raise ValidationError({"municipality": _("Для органа местного самоуправления укажите муниципальное образование.")})
