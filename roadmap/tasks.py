"""Celery tasks: thin, take ids, call a service, retry on failure."""

from celery import shared_task

from roadmap.services import approval_mail, risks


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_approval_decision(decision_id: int) -> int:
    return approval_mail.approval_notify(decision_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_risk_escalation(escalation_id: int) -> int:
    return risks.escalation_notify(escalation_id)
