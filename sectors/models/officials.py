from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cur.roles import RoleCode, RoleScope


class Role(models.Model):
    """A ЦУР role (DESIGN.md §1). The codes are fixed; names and descriptions are reference data."""

    code = models.CharField(_("код"), max_length=40, unique=True, choices=RoleCode.choices)
    name = models.CharField(_("название"), max_length=200)
    scope = models.CharField(_("область действия"), max_length=10, choices=RoleScope.choices, default=RoleScope.GLOBAL)
    description = models.TextField(_("что делает в портале"), blank=True)

    class Meta:
        verbose_name = _("роль ЦУР")
        verbose_name_plural = _("роли ЦУР")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(code__in=[c.value for c in RoleCode]), name="role_code_known"),
        ]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A person named in the ЦУР's structure: position, agency, and the portal account if any."""

    full_name = models.CharField(_("ФИО"), max_length=300)
    position = models.CharField(_("должность"), max_length=500)
    agency = models.ForeignKey(
        "sectors.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("орган / организация"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
        verbose_name=_("учётная запись"),
    )
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("должностное лицо")
        verbose_name_plural = _("должностные лица")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position})"


class RoleAssignment(models.Model):
    """An official holds a ЦУР role; sector-scoped roles carry the sectors they cover."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("должностное лицо"))
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("роль"))
    sectors = models.ManyToManyField("sectors.Sector", blank=True, related_name="role_assignments", verbose_name=_("отраслевые блоки"))
    basis = models.CharField(_("основание (акт)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("назначение на роль")
        verbose_name_plural = _("назначения на роли")
        constraints = [models.UniqueConstraint(fields=["official", "role"], name="one_assignment_per_role")]

    def __str__(self) -> str:
        return f"{self.official.full_name}: {self.role.name}"
