from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site as a whole: what assembles every app (the home page, the URL map, the health
    probe, the first start). The top layer: it may import any app, and no app imports it."""

    name = "portal"
    verbose_name = _("Портал")
