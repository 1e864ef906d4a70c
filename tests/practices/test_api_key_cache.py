"""An API key's reads are authenticated from the API cache, and are never stale or leaked for it.

The key lookup is cached under the API cache's generation (hub/api/caching.py): a revoked key is
refused on the very next request, a key moved to another organization reads as that organization, and
an organization's drafts, which its key sees, never reach an anonymous or another organization's answer.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from municipalities.models import ApiKey
from municipalities.services import api_key_revoke
from practices.models import Practice
from practices.services.content import content_publish
from practices.services.practice import practice_update
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


def titles(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return sorted(item["title_en"] for item in response.json()["results"])


def test_a_known_key_reads_without_a_database_round_trip(api_key_for, organization, published_practice, django_assert_max_num_queries):
    client, _key = api_key_for(organization, ApiKey.Scope.READ)
    client.get(LIST)
    # Another URL: the answer is computed (5 queries), the key is not looked up again.
    with django_assert_max_num_queries(5):
        assert client.get(LIST, {"page_size": 3}).json()["count"] == 1
    with django_assert_max_num_queries(0):
        assert client.get(LIST, {"page_size": 3}).json()["count"] == 1


def test_a_revoked_key_is_refused_on_the_very_next_request(api_key_for, organization, published_practice, django_capture_on_commit_callbacks):
    client, key = api_key_for(organization, ApiKey.Scope.READ)
    assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 200  # served from the cache: key and answer
    with django_capture_on_commit_callbacks(execute=True):
        api_key_revoke(api_key=ApiKey.objects.get(pk=key.pk), actor=TEST_ACTOR)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "This API key has been revoked."


def test_a_revocation_is_seen_before_it_commits_and_after(api_key_for, organization, published_practice):
    """Without running the commit callbacks: the generation is also replaced at once, inside the transaction."""
    client, key = api_key_for(organization, ApiKey.Scope.READ)
    client.get(LIST)
    api_key_revoke(api_key=ApiKey.objects.get(pk=key.pk), actor=TEST_ACTOR)
    assert client.get(LIST).status_code == 401


def test_a_deleted_organization_takes_its_keys_with_it(api_key_for, other_organization, published_practice):
    client, _key = api_key_for(other_organization, ApiKey.Scope.READ)
    assert client.get(LIST).status_code == 200
    other_organization.delete()
    assert client.get(LIST).status_code == 401


def test_a_key_moved_to_another_organization_reads_as_that_organization(api_key_for, organization, other_organization, published_practice, make_practice):
    client, key = api_key_for(organization, ApiKey.Scope.READ)
    make_practice(title_en="Our draft")
    make_practice(owner=other_organization, title_en="Their draft")
    assert titles(client) == sorted([published_practice.title_en, "Our draft"])
    key.organization = other_organization
    key.save(update_fields=["organization"])
    assert titles(client) == sorted([published_practice.title_en, "Their draft"])


def test_a_new_or_edited_item_is_in_the_very_next_answer_to_a_key(api_key_for, organization, published_practice, make_practice, django_capture_on_commit_callbacks):
    client, _key = api_key_for(organization, ApiKey.Scope.READ)
    assert titles(client) == [published_practice.title_en]
    assert titles(client) == [published_practice.title_en]
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(title_en="Draft just made")
    assert titles(client) == sorted([published_practice.title_en, "Draft just made"])
    with django_capture_on_commit_callbacks(execute=True):
        practice_update(actor=TEST_ACTOR, practice=Practice.objects.get(pk=published_practice.pk), title_en="Renamed")
        content_publish(actor=TEST_ACTOR, item=Practice.objects.get(pk=published_practice.pk))
    assert titles(client) == ["Draft just made", "Renamed"]


def test_a_keys_drafts_never_reach_anonymous_or_another_organizations_answer(api_client, api_key_for, organization, other_organization, published_practice, make_practice):
    ours, _key = api_key_for(organization, ApiKey.Scope.READ)
    theirs, _key = api_key_for(other_organization, ApiKey.Scope.READ)
    ours_write, _key = api_key_for(organization, ApiKey.Scope.WRITE)
    make_practice(title_en="Our draft")
    public = [published_practice.title_en]
    for _round in range(2):  # the second round is served from the cache
        assert titles(ours) == sorted([*public, "Our draft"])
        assert titles(ours_write) == sorted([*public, "Our draft"])
        assert titles(api_client) == public
        assert titles(theirs) == public
        assert titles(api_client, status="draft") == []
        assert titles(theirs, status="draft") == []


def test_last_used_is_written_at_most_once_a_minute(api_key_for, organization, published_practice, django_assert_max_num_queries):
    client, key = api_key_for(organization, ApiKey.Scope.READ)
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        client.get(LIST)
        first = ApiKey.objects.get(pk=key.pk).last_used_at
        assert first == started
    with time_machine.travel(started + timedelta(seconds=50), tick=False):
        with django_assert_max_num_queries(0):
            client.get(LIST)
        assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    with time_machine.travel(started + timedelta(seconds=70), tick=False):
        with django_assert_max_num_queries(1):  # the update alone: key and answer still come from the cache
            client.get(LIST)
        assert ApiKey.objects.get(pk=key.pk).last_used_at == started + timedelta(seconds=70)
    with time_machine.travel(started + timedelta(seconds=100), tick=False), django_assert_max_num_queries(0):
        client.get(LIST)


def test_writes_read_the_key_from_the_database(api_key_for, organization, django_capture_on_commit_callbacks):
    client, key = api_key_for(organization, ApiKey.Scope.WRITE)
    assert client.get(LIST).status_code == 200
    # Made read-only behind the cache's back (an update sends no signal): a write still sees it.
    ApiKey.objects.filter(pk=key.pk).update(scope=ApiKey.Scope.READ)
    response = client.post(LIST, {"title_ka": "ახალი"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This API key is read-only."
