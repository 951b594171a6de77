"""Celery tasks of the sectors app: thin, each calls one service."""

from celery import shared_task


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def notify_growth_alerts() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): the dashboard's growth alerts as notifications; a re-run adds nothing."""
    from sectors.services.growth_notifications import growth_notifications_send

    return growth_notifications_send()
