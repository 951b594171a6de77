from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """A user's named queue query («мои просроченные по ЖКХ»): the filters' GET string, applied by one click.

    Only the query string is kept, not ids of messages: the filter is re-run every time, so it
    always shows the current state. Private: nobody sees another user's saved filters.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters", verbose_name=_("пользователь"), db_index=False)
    name = models.CharField(_("название"), max_length=100)
    query = models.CharField(_("параметры фильтра"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("сохранён"), db_default=Now())

    class Meta:
        verbose_name = _("сохранённый фильтр")
        verbose_name_plural = _("сохранённые фильтры")
        ordering = ["name"]
        constraints = [
            # Also the index of "this user's filters": user is its first column.
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_unique_per_user"),
        ]

    def __str__(self) -> str:
        return self.name
