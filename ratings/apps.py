from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Рейтинги и отчёты")

    def ready(self):
        # The demo generator (feedback) loads messages in bulk; the rollups are this app's.
        from feedback.demo import generator
        from ratings.services import stats

        generator.bulk_statistics = stats.BULK_LOAD
