"""Thin tasks: ids in, the services in search.index do the work, retries live here."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .backends.base import SearchBackendError
from .index import catch_up, document_sync, documents_sync


# An engine outage raises SearchBackendError: the task retries with growing, jittered
# delays (up to ten minutes apart) instead of failing the user's save.
@shared_task(
    autoretry_for=(SearchBackendError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def index_document(doc_type: str, object_id: str) -> bool:
    return document_sync(doc_type=doc_type, object_id=object_id)


@shared_task(autoretry_for=(SearchBackendError,), retry_backoff=True, retry_backoff_max=600, retry_jitter=True, max_retries=8)
def index_documents(doc_type: str, object_ids: list[str]) -> int:
    return documents_sync(doc_type=doc_type, object_ids=object_ids)


@shared_task(autoretry_for=(SearchBackendError,), retry_backoff=True, max_retries=3)
def catch_up_index() -> int:
    """Run by Celery beat every few minutes; the window overlaps the interval, so nothing slips between runs."""
    return catch_up(since=timezone.now() - timedelta(minutes=settings.SEARCH_CATCH_UP_MINUTES))
