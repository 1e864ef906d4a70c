"""Publishing makes an item findable; archiving and deleting take it out of the index."""

import pytest

from practices.services.content import content_archive, content_delete, content_publish
from search.backends import get_search_backends
from search.backends.base import SearchFilters, SearchQuery
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def indexed_ids(doc_type: str) -> set[str]:
    backend = get_search_backends()[0]
    results = backend.search(SearchQuery(text="დოკუმენტბრუნვა", filters=SearchFilters(doc_type=doc_type)))
    return {hit.object_id for hit in results.hits}


def test_publish_indexes_archive_and_delete_remove(draft_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content_publish(actor=TEST_ACTOR, item=draft_practice)
    assert indexed_ids("practice") == {str(draft_practice.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        content_archive(actor=TEST_ACTOR, item=draft_practice)
    assert indexed_ids("practice") == set()
    with django_capture_on_commit_callbacks(execute=True):
        content_publish(actor=TEST_ACTOR, item=draft_practice)
    with django_capture_on_commit_callbacks(execute=True):
        content_delete(actor=TEST_ACTOR, item=draft_practice)
    assert indexed_ids("practice") == set()
