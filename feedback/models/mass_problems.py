from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class MassProblem(models.Model):
    """Many residents reporting one thing: the agency answers once, each resident still gets the answer."""

    class State(models.TextChoices):
        OPEN = "open", _("открыта")
        RESOLVED = "resolved", _("решена")

    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True)
    sector = models.ForeignKey("sectors.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("отраслевой блок"))
    category = models.ForeignKey("sectors.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("категория"))
    municipality = models.ForeignKey("sectors.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("муниципальное образование"))
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    state = models.CharField(_("состояние"), max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("создана"), db_default=Now())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("создал"))

    class Meta:
        verbose_name = _("массовая проблема")
        verbose_name_plural = _("массовые проблемы")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
