from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectorsConfig(AppConfig):
    name = "sectors"
    verbose_name = _("Отрасли, органы и роли")

    def ready(self):
        # cur.access reads roles through this app's models without importing the app (layers).
        from cur.access import use_assignment_loader
        from sectors.access_loader import role_assignments

        use_assignment_loader(role_assignments)
