from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """(category, municipality) → responsible agency; a rule without municipality is the category's fallback."""

    category = models.ForeignKey("sectors.Category", on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("категория"))
    municipality = models.ForeignKey(
        "sectors.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("муниципальное образование"),
        help_text=_("Пусто — правило по умолчанию для категории во всех муниципалитетах."),
    )
    agency = models.ForeignKey("sectors.Agency", on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("ответственный орган"))
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("правило маршрутизации")
        verbose_name_plural = _("правила маршрутизации")
        ordering = ["category", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "municipality"],
                condition=Q(municipality__isnull=False),
                name="routing_rule_unique_per_place",
            ),
            models.UniqueConstraint(
                fields=["category"], condition=Q(municipality__isnull=True), name="routing_one_fallback_per_category"
            ),
        ]

    def __str__(self) -> str:
        place = self.municipality.name if self.municipality_id else _("все муниципалитеты")
        return f"{self.category} · {place} → {self.agency}"
