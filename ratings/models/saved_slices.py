from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class SavedSlice(models.Model):
    """A named statistical slice: the GET string of /stats/, re-run every time it is opened.

    Only the query is kept, never figures: the slice always shows the current numbers, and
    whoever opens a shared link sees them through his own access (a sector lead only his sectors).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_slices", verbose_name=_("владелец"),
        # The unique constraint below starts with owner and serves as its index.
        db_index=False,
    )
    name = models.CharField(_("название"), max_length=120)
    query = models.CharField(_("параметры среза"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("сохранён"), db_default=Now())

    class Meta:
        verbose_name = _("сохранённый срез")
        verbose_name_plural = _("сохранённые срезы")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_slice_name_unique_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name
