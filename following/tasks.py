"""Thin tasks: ids in, the services do the work, retries live here."""

from smtplib import SMTPException

from celery import shared_task

from .models import DigestSubscription
from .services import digest_send, digest_send_all


@shared_task
def send_weekly_digests() -> int:
    """Run by Celery beat once a week: one task per person who follows something."""
    return digest_send_all()


# A mail server that is down is retried later; the digest is sent once (see digest_send's interval).
@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, retry_backoff_max=3600, max_retries=5)
def send_digest(subscription_id: int) -> bool:
    subscription = DigestSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return False
    return digest_send(subscription=subscription)
