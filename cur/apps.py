from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurConfig(AppConfig):
    name = "cur"
    verbose_name = _("Пользователи и доступ")
