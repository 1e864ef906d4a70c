"""What content services call inside their transactions: the index follows once they commit."""

from django.db import models

from hub.tasks import enqueue_on_commit

from .index import registration_for_model
from .tasks import index_document


def index_object(obj: models.Model) -> None:
    """Bring `obj` up to date in the index once the transaction commits: indexed if public, removed if not."""
    enqueue_on_commit(index_document, registration_for_model(type(obj)).doc_type, str(obj.pk))


def remove_object(doc_type: str, object_id) -> None:
    """Remove a deleted object from the index once the transaction commits."""
    enqueue_on_commit(index_document, doc_type, str(object_id))
