"""Working and expert groups of a project (Положение Tver п.7.7, 11.8): the sector responsible
proposes a composition, the curator approves it; a change is a new composition."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    WORKING = "working", _("рабочая группа")
    EXPERT = "expert", _("экспертная группа")


class GroupComposition(models.Model):
    project = models.ForeignKey("roadmap.Project", on_delete=models.PROTECT, related_name="groups", verbose_name=_("проект"))
    kind = models.CharField(_("вид группы"), max_length=10, choices=GroupKind.choices)
    name = models.CharField(_("наименование"), max_length=300)
    approval = models.OneToOneField("roadmap.ApprovalCase", on_delete=models.PROTECT, null=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("состав группы")
        verbose_name_plural = _("составы групп")
        ordering = ["project", "kind", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} «{self.name}»"


class GroupMember(models.Model):
    group = models.ForeignKey(GroupComposition, on_delete=models.CASCADE, related_name="members")
    official = models.ForeignKey("sectors.Official", on_delete=models.PROTECT, related_name="+", verbose_name=_("участник"))
    role_in_group = models.CharField(_("роль в группе"), max_length=200, default="член группы")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["group", "official"], name="one_membership_per_group")]

    def __str__(self) -> str:
        return f"{self.official.full_name}: {self.role_in_group}"
