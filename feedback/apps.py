from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Сообщения жителей")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cur.process_cache import forget_all
        from feedback import models as feedback
        from sectors import models as sectors

        # What the intake keeps in the process (cur.process_cache): a change forgets it at once here.
        for model in (
            feedback.DeadlinePolicy, feedback.CalendarOverride, feedback.MessageKind, feedback.Channel, feedback.WebhookEndpoint,
            sectors.Municipality, sectors.Category,
            sectors.Sector, sectors.RoutingRule, sectors.Agency,
        ):
            post_save.connect(forget_all, sender=model, dispatch_uid=f"process-cache-{model.__name__}-save")
            post_delete.connect(forget_all, sender=model, dispatch_uid=f"process-cache-{model.__name__}-delete")
