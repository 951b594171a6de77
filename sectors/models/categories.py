from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """A sector block (отраслевой блок). Reference data: the head edits the list, logic never names one."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=200, unique=True)
    short_name = models.CharField(_("краткое название"), max_length=60, blank=True)
    description = models.TextField(_("описание"), blank=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=100)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("отраслевой блок")
        verbose_name_plural = _("отраслевые блоки")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A category of regional problems (Положение, раздел V): a two-level tree inside one sector."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="categories", verbose_name=_("отраслевой блок"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("родительская категория"),
    )
    code = models.SlugField(_("код"), max_length=60)
    name = models.CharField(_("название"), max_length=200)
    # «Прочие по направлению»: when it becomes a top category it must be split into specific ones.
    is_other = models.BooleanField(_("«прочие по направлению»"), default=False)
    order = models.PositiveSmallIntegerField(_("порядок"), default=100)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("категория")
        verbose_name_plural = _("категории")
        ordering = ["sector__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["sector", "code"], name="category_code_unique_in_sector"),
            models.UniqueConstraint(
                fields=["sector", "name"], condition=Q(parent__isnull=True), name="category_top_name_unique"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="category_child_name_unique"),
            models.UniqueConstraint(
                fields=["sector"],
                condition=Q(is_other=True, parent__isnull=True),
                name="one_other_category_per_sector",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} / {self.name}"
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("Категории образуют два уровня: подкатегория не может иметь своих подкатегорий.")})
        if self.sector_id and parent.sector_id != self.sector_id:
            raise ValidationError({"parent": _("Родительская категория должна относиться к тому же отраслевому блоку.")})
        if self.is_other:
            raise ValidationError({"is_other": _("«Прочие по направлению» — категория верхнего уровня.")})
