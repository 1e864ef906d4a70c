"""Thin tasks: ids in, the services do the work, retries live here."""

from smtplib import SMTPException

from celery import shared_task

from hub.tasks import enqueue_on_commit
from municipalities.actors import Actor

from .models import DigestSubscription
from .selectors import digest_recipients
from .services import digest_send

DIGEST_SENDER = Actor.system(name="following.weekly_digest")


@shared_task
def send_weekly_digests() -> int:
    """Run by Celery beat once a week: one task per person who follows something, so one failure stops no other."""
    ids = list(digest_recipients().values_list("pk", flat=True))
    for subscription_id in ids:
        enqueue_on_commit(send_digest, subscription_id)
    return len(ids)


# A mail server that is down is retried later; the digest is sent once (see digest_send's interval).
@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, retry_backoff_max=3600, max_retries=5)
def send_digest(subscription_id: int) -> bool:
    subscription = DigestSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return False
    return digest_send(subscription=subscription, actor=DIGEST_SENDER)
