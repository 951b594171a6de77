from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal account. What the person may do comes from the ЦУР roles of the linked official."""

    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def get_full_name(self) -> str:
        parts = [self.last_name, self.first_name, self.patronymic]
        full = " ".join(p for p in parts if p)
        return full or self.username

    def get_short_name(self) -> str:
        if self.last_name and self.first_name:
            initials = self.first_name[0] + "." + (self.patronymic[0] + "." if self.patronymic else "")
            return f"{self.last_name} {initials}"
        return self.username
