"""Cached list and search answers are never stale: a new or edited item is in the very next response."""

import pytest

from practices.models import Practice
from practices.services.content import content_publish
from practices.services.practice import practice_update
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


def titles(client, url=LIST, **params) -> list[str]:
    return [item["title_en"] for item in client.get(url, params).json()["results"]]


def test_the_second_identical_read_is_served_from_the_cache(api_client, published_practice, django_assert_max_num_queries):
    api_client.get(LIST)
    with django_assert_max_num_queries(0):
        assert api_client.get(LIST).json()["count"] == 1


def test_a_new_item_is_in_the_very_next_list(api_client, api_key_for, organization, published_practice, django_capture_on_commit_callbacks):
    client, _key = api_key_for(organization)
    assert titles(api_client) == [published_practice.title_en]
    assert titles(client) == [published_practice.title_en]
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(LIST, {"title_ka": "ახალი", "title_en": "Brand new"}, format="json").json()
        client.post(f"{LIST}{created['id']}/publish/")
    assert sorted(titles(api_client)) == sorted([published_practice.title_en, "Brand new"])
    assert sorted(titles(client)) == sorted([published_practice.title_en, "Brand new"])


def test_an_edit_through_a_service_is_in_the_very_next_list(api_client, published_practice, django_capture_on_commit_callbacks):
    assert titles(api_client) == [published_practice.title_en]
    with django_capture_on_commit_callbacks(execute=True):
        practice_update(actor=TEST_ACTOR, practice=published_practice, title_en="Renamed")
        content_publish(actor=TEST_ACTOR, item=Practice.objects.get(pk=published_practice.pk))
    assert titles(api_client) == ["Renamed"]


def test_a_draft_is_never_served_to_another_audience(api_client, api_key_for, organization, published_practice, make_practice):
    client, _key = api_key_for(organization)
    make_practice(title_en="Own draft")
    # The organization's key sees its draft; the anonymous answer for the same URL does not.
    assert "Own draft" in titles(client)
    assert "Own draft" not in titles(api_client)
    assert "Own draft" in titles(client)


def test_search_answers_follow_the_index(api_client, make_practice, django_capture_on_commit_callbacks):
    def hits() -> list[str]:
        return [hit["id"] for hit in api_client.get("/api/v1/search/", {"q": "დოკუმენტბრუნვა"}).json()["results"]]

    assert hits() == []
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(published=True)
    assert hits() == [str(practice.pk)]


def test_a_cached_json_answer_is_the_same_bytes_and_type_and_follows_the_media_type(api_client, published_practice, django_assert_max_num_queries):
    first = api_client.get(LIST)
    with django_assert_max_num_queries(0):
        second = api_client.get(LIST)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    # Another media type, or the same with parameters, is another answer, not the cached bytes.
    indented = api_client.get(LIST, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b'{\n  "count": 1')
    assert api_client.get(LIST, HTTP_ACCEPT="application/json; indent=2").content == indented.content
    page = api_client.get(LIST, HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html") and b"<html" in page.content
    assert api_client.get(LIST).content == first.content
