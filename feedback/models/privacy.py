from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class PersonalDataView(models.Model):
    """152-ФЗ: every time agency staff open a resident's personal data, it is recorded here."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто"))
    message = models.ForeignKey("feedback.Message", on_delete=models.CASCADE, related_name="personal_data_views", verbose_name=_("сообщение"))
    at = models.DateTimeField(_("когда"), db_default=Now())

    class Meta:
        verbose_name = _("просмотр персональных данных")
        verbose_name_plural = _("журнал просмотра персональных данных")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} · № {self.message_id} · {self.at:%d.%m.%Y %H:%M}"
