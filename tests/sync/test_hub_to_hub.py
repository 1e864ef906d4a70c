"""Symmetric federation: the hub harvests a second instance of itself (the live server) under another organization."""

import pytest
from django.utils import translation

from practices.models import ContentStatus, Practice
from practices.services.content import content_archive, content_publish
from practices.services.practice import practice_create
from sync.models import HarvestedItem, RunStatus
from sync.selectors import feed_page
from sync.services import run_execute, run_request, source_create
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def harvest(source, **kwargs):
    return run_execute(run_id=run_request(source=source, actor=TEST_ACTOR, enqueue=False, **kwargs).pk)


def test_a_hub_harvests_another_through_its_feed_and_never_takes_back_its_own(live_server, organization, other_organization, settings):
    settings.SYNC_FEED_PAGE_SIZE = 2
    originals = []
    for title in ("ელექტრონული პეტიციები", "ცხელი ხაზი", "ეთიკის კოდექსი"):
        practice = practice_create(organization=organization, title_ka=title, short_description_ka=f"{title}: აღწერა", actor=TEST_ACTOR)
        originals.append(content_publish(item=practice, actor=TEST_ACTOR))
    source = source_create(organization=other_organization, actor=TEST_ACTOR, name="რუსთავის ჰაბი", connector="hub", url=live_server.url, schedule="manual")

    run = harvest(source)

    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 3)
    copies = Practice.objects.filter(organization=other_organization).order_by("title_ka")
    assert sorted(copy.title_ka for copy in copies) == sorted(p.title_ka for p in originals)
    copy = copies.get(title_ka="ცხელი ხაზი")
    assert copy.short_description_ka == "ცხელი ხაზი: აღწერა" and copy.lock_source == "რუსთავის ჰაბი"
    original = next(p for p in originals if p.title_ka == "ცხელი ხაზი")
    with translation.override("ka"):
        original_url = f"{settings.SITE_URL}{original.get_absolute_url()}"
    assert HarvestedItem.objects.get(object_id=copy.pk, source=source).origin_url == original_url

    # The copies are in this hub's feed under their first publisher's origin, not as their own.
    copy_entry = next(item for item in feed_page(since=None, limit=50).items if item["id"] == f"practice:{copy.pk}")
    assert copy_entry["origin"] == original_url != copy_entry["url"]

    # Harvesting again: the originals are unchanged and the copies (whose origin is this hub) are not taken again.
    again = harvest(source, full=True)
    assert (again.status, again.created, again.updated) == (RunStatus.SUCCEEDED, 0, 0)
    assert Practice.objects.filter(organization=other_organization).count() == 3

    # A withdrawal on the first hub reaches the second as a tombstone.
    content_archive(item=original, actor=TEST_ACTOR)
    withdrawn = harvest(source)
    assert withdrawn.withdrawn == 1
    assert Practice.objects.get(pk=copy.pk).status == ContentStatus.ARCHIVED
