"""The hub's public feed: published items of every type, tombstones, a stable cursor, bounded queries."""

import pytest
from django.utils import translation

from practices.models import Practice
from practices.services.content import content_archive, content_delete, content_publish
from practices.services.practice import practice_create, practice_update
from sync.selectors import FeedKey
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db
URL = "/api/v1/feed/"


def published(organization, title: str, **fields) -> Practice:
    practice = practice_create(organization=organization, title_ka=title, actor=TEST_ACTOR, **fields)
    return content_publish(item=practice, actor=TEST_ACTOR)


def read_all(client, since: str = "") -> tuple[list[dict], str]:
    items = []
    while True:
        page = client.get(URL, {"since": since} if since else {}).json()
        items += page["items"]
        since = page["next"]
        if not page["more"]:
            return items, since


def test_the_feed_lists_published_items_only_in_a_stable_order(api_client, organization, settings):
    settings.SYNC_FEED_PAGE_SIZE = 2
    first, second = published(organization, "პირველი"), published(organization, "მეორე", short_description_ka="აღწერა")
    practice_create(organization=organization, title_ka="მონახაზი", actor=TEST_ACTOR)  # a draft never appears
    third = published(organization, "მესამე")

    items, _cursor = read_all(api_client)

    assert [item["id"] for item in items] == [f"practice:{first.pk}", f"practice:{second.pk}", f"practice:{third.pk}"]
    entry = items[1]
    assert entry["status"] == "published" and entry["type"] == "practice"
    assert entry["fields"]["short_description_ka"] == "აღწერა" and entry["fields"]["title_ka"] == "მეორე"
    with translation.override("ka"):
        assert entry["url"] == f"{settings.SITE_URL}{second.get_absolute_url()}" == entry["origin"]
    assert entry["organization"]["slug"] == organization.slug
    assert "lock_owner" not in entry["fields"] and "version" not in entry["fields"]


def test_changes_after_the_cursor_come_back_and_withdrawals_are_tombstones(api_client, organization):
    kept, archived, deleted = published(organization, "დარჩა"), published(organization, "დაარქივდა"), published(organization, "წაიშალა")
    _items, cursor = read_all(api_client)
    assert read_all(api_client, cursor)[0] == []

    practice_update(practice=kept, actor=TEST_ACTOR, title_ka="დარჩა (შეცვლილი)")
    content_archive(item=archived, actor=TEST_ACTOR)
    deleted_id = deleted.pk
    content_delete(item=deleted, actor=TEST_ACTOR)
    items, _cursor = read_all(api_client, cursor)

    by_id = {item["id"]: item for item in items}
    assert by_id[f"practice:{kept.pk}"]["fields"]["title_ka"] == "დარჩა (შეცვლილი)"
    assert by_id[f"practice:{archived.pk}"]["status"] == "withdrawn" and "fields" not in by_id[f"practice:{archived.pk}"]
    assert by_id[f"practice:{deleted_id}"] == {
        "id": f"practice:{deleted_id}", "type": "practice", "status": "deleted", "updated": by_id[f"practice:{deleted_id}"]["updated"],
    }


def test_an_archived_draft_that_was_never_published_stays_out(api_client, organization):
    draft = practice_create(organization=organization, title_ka="მონახაზი", actor=TEST_ACTOR)
    content_archive(item=draft, actor=TEST_ACTOR)
    assert api_client.get(URL).json()["items"] == []


def test_a_forged_cursor_is_a_400(api_client):
    response = api_client.get(URL, {"since": "not-a-cursor"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"since": ["This is not a cursor the feed gave out."]}


def test_the_cursor_round_trips():
    import datetime

    key = FeedKey(datetime.datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=datetime.UTC), "practice", 42)
    assert FeedKey.decode(key.encode()) == key


def test_a_page_costs_a_bounded_number_of_queries_whatever_its_size(api_client, organization, theme, django_assert_max_num_queries, settings):
    settings.SYNC_FEED_PAGE_SIZE = 100
    for number in range(60):
        published(organization, f"პრაქტიკა {number}", themes=["e-governance"])
    with django_assert_max_num_queries(20):
        page = api_client.get(URL).json()
    assert len(page["items"]) == 60 and page["items"][0]["themes"] == ["e-governance"]


def test_a_deleted_draft_that_was_never_published_leaves_no_tombstone(api_client, organization):
    from municipalities.models import AuditEntry

    draft = practice_create(organization=organization, title_ka="მონახაზი", actor=TEST_ACTOR)
    draft_id = draft.pk
    content_delete(item=draft, actor=TEST_ACTOR)
    was_published = published(organization, "იყო გამოქვეყნებული")
    content_archive(item=was_published, actor=TEST_ACTOR)
    was_published_id = was_published.pk
    content_delete(item=Practice.objects.get(pk=was_published_id), actor=TEST_ACTOR)
    # A deletion recorded before the entry said whether the item had been published: its history tells.
    legacy_draft = practice_create(organization=organization, title_ka="ძველი მონახაზი", actor=TEST_ACTOR)
    legacy_id = legacy_draft.pk
    content_delete(item=legacy_draft, actor=TEST_ACTOR)
    for entry in AuditEntry.objects.filter(action="content.deleted", target_id=str(legacy_id)):
        entry.data.pop("published", None)
        entry.save(update_fields=["data"])

    ids = [item["id"] for item in read_all(api_client)[0]]
    assert ids == [f"practice:{was_published_id}"]
    assert f"practice:{draft_id}" not in ids and f"practice:{legacy_id}" not in ids
