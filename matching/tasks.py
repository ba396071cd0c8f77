"""Thin tasks: take primitive ids, fetch the object, return quietly if it is gone, run one
service. Safe to run twice: a decision is told once (the service holds its row and marks it
told only after the e-mail went)."""

from smtplib import SMTPException

from celery import shared_task

from core.tasks import TRANSIENT_ERRORS


@shared_task(
    name="matching.decision_notify",
    autoretry_for=(SMTPException, OSError, *TRANSIENT_ERRORS),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def decision_notify(*, decision_id: int) -> None:
    """E-mail one company its decision. A mail server that keeps refusing leaves it untold:
    the next "Tell the companies" queues it again."""
    from .services.decisions import decision_send

    decision_send(decision_id)
