"""What content services call inside their transactions: the index follows once they commit."""

from django.db import models

from hub.tasks import enqueue_on_commit

from .index import registration_for_model
from .tasks import index_document, index_documents


def index_object(obj: models.Model) -> None:
    """Bring `obj` up to date in the index once the transaction commits: indexed if public, removed if not."""
    enqueue_on_commit(index_document, registration_for_model(type(obj)).doc_type, str(obj.pk))


def remove_object(doc_type: str, object_id) -> None:
    """Remove a deleted object from the index once the transaction commits."""
    enqueue_on_commit(index_document, doc_type, str(object_id))


def index_objects(model: type[models.Model], object_ids: list) -> None:
    """Bring many objects of one type up to date in one task once the transaction commits (a harvested batch)."""
    if object_ids:
        enqueue_on_commit(index_documents, registration_for_model(model).doc_type, [str(pk) for pk in object_ids])
