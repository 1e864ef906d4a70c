"""Practices like a given one, as the search index sees them."""

import logging

from search.backends import get_search_backend
from search.backends.base import SearchBackendError

from ..models import Practice
from .content import content_published

logger = logging.getLogger(__name__)

RELATED_LIMIT = 5


def practice_related_list(*, practice: Practice, limit: int = RELATED_LIMIT) -> list[Practice]:
    """Published practices most like `practice`, most similar first (one query).

    Empty when search is unavailable: the practice's page must still open.
    """
    doc_type = Practice._meta.model_name
    try:
        hits = get_search_backend().related(doc_type, str(practice.pk), limit=limit)
    except SearchBackendError:
        logger.warning("practices.related_unavailable", extra={"practice_id": practice.pk}, exc_info=True)
        return []
    ids = [hit.object_id for hit in hits]
    if not ids:
        return []
    published = {str(item.pk): item for item in content_published(model=Practice).filter(pk__in=ids)}
    return [published[object_id] for object_id in ids if object_id in published]
