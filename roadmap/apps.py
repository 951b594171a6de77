from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Дорожная карта и проекты")

    def ready(self):
        from roadmap.approvals import documents  # noqa: F401  (registers the approvable documents)
