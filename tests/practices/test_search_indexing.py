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


def test_result_links_follow_the_readers_language_not_the_savers(draft_practice, django_capture_on_commit_callbacks, api_client, client):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        content_publish(actor=TEST_ACTOR, item=draft_practice)  # saved by someone reading the English pages
    with translation.override("ka"):
        georgian_path = draft_practice.get_absolute_url()
    with translation.override("en"):
        english_path = draft_practice.get_absolute_url()
    assert english_path == f"/en{georgian_path}"

    def urls(language: str) -> list[str]:
        body = api_client.get("/api/v1/search/", {"q": "დოკუმენტბრუნვა"}, HTTP_ACCEPT_LANGUAGE=language).json()
        return [hit["url"] for hit in body["results"]]

    assert urls("ka") == [georgian_path]
    assert urls("en") == [english_path]
    suggestions = api_client.get("/api/v1/search/suggest/", {"q": "დოკუმენტ"}, HTTP_ACCEPT_LANGUAGE="ka").json()
    assert [hit["url"] for hit in suggestions["results"]] == [georgian_path]
    assert f'href="{georgian_path}"' in client.get("/search/", {"q": "დოკუმენტბრუნვა"}).text
    assert f'href="{english_path}"' in client.get("/en/search/", {"q": "დოკუმენტბრუნვა"}).text
