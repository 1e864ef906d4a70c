"""Harvesting a hub feed from a real server on 127.0.0.1: full and incremental runs, tombstones, bad answers."""

import json

import pytest
from werkzeug import Response

from municipalities.models import AuditEntry
from practices.models import ContentStatus, LockKind, Practice
from sync.models import HarvestedItem, RunStatus
from sync.services import run_execute, run_request
from tests.actors import TEST_ACTOR

from .conftest import feed_item

pytestmark = pytest.mark.django_db


def harvest(source, *, full: bool = False):
    run = run_request(source=source, actor=TEST_ACTOR, full=full, enqueue=False)
    return run_execute(run_id=run.pk)


def test_a_full_harvest_creates_published_items_locked_to_the_source(organization, source_for, feed_server, theme):
    feed_server.items = [feed_item(n) for n in range(1, 6)]
    source = source_for(organization, feed_server.url)

    run = harvest(source)

    assert (run.status, run.fetched, run.created, run.pages) == (RunStatus.SUCCEEDED, 5, 5, 3)
    practice = Practice.objects.get(title_ka="პრაქტიკა 3")
    assert practice.organization == organization and practice.status == ContentStatus.PUBLISHED
    assert (practice.lock_owner, practice.lock_kind, practice.lock_source) == (source.system_name, LockKind.HARVESTED, source.name)
    assert practice.lock_reason == f"Harvested from {source.name}: edit it there."
    assert [t.slug for t in practice.themes.all()] == ["e-governance"]
    provenance = HarvestedItem.objects.get(source=source, external_id="post-3")
    assert (provenance.object_id, provenance.url) == (practice.pk, "https://vani.example.ge/posts/3")
    assert practice.revisions.count() == 1
    revision = practice.revisions.get()
    assert revision.number == 1 and revision.snapshot == practice.snapshot() and revision.snapshot["title_ka"] == "პრაქტიკა 3"
    assert revision.created_at is not None
    assert AuditEntry.objects.filter(action="content.created", system_actor=source.system_name).count() == 5


def test_an_incremental_run_asks_from_the_cursor_and_writes_only_what_changed(organization, source_for, feed_server, theme):
    feed_server.items = [feed_item(n) for n in range(1, 5)]
    source = source_for(organization, feed_server.url)
    harvest(source)
    first_version = Practice.objects.get(title_ka="პრაქტიკა 1").version

    feed_server.items.append(feed_item(2, fields={"title_ka": "პრაქტიკა 2 (შესწორებული)"}))
    feed_server.items.append(feed_item(1))
    feed_server.requests.clear()
    run = harvest(source)

    assert feed_server.requests[0] == "4"  # resumed after the four it had
    assert (run.fetched, run.created, run.updated, run.unchanged) == (2, 0, 1, 1)
    assert Practice.objects.filter(organization=organization).count() == 4
    changed = Practice.objects.get(title_ka="პრაქტიკა 2 (შესწორებული)")
    assert list(changed.revisions.values_list("number", flat=True)) == [2, 1]
    assert changed.revisions.get(number=2).snapshot["title_ka"] == "პრაქტიკა 2 (შესწორებული)"
    assert Practice.objects.get(title_ka="პრაქტიკა 1").version == first_version  # unchanged: no write at all


def test_a_full_rerun_of_an_unchanged_feed_writes_nothing(organization, source_for, feed_server, theme, django_assert_max_num_queries):
    feed_server.items = [feed_item(n) for n in range(1, 7)]
    source = source_for(organization, feed_server.url)
    harvest(source)
    audit_rows = AuditEntry.objects.count()

    run = harvest(source, full=True)

    assert (run.status, run.unchanged, run.created, run.updated) == (RunStatus.SUCCEEDED, 6, 0, 0)
    # Only the run's own audit rows (requested, finished), none for content.
    assert AuditEntry.objects.count() == audit_rows + 2


def test_a_tombstone_withdraws_the_item_and_a_return_republishes_it(organization, source_for, feed_server, theme):
    feed_server.items = [feed_item(1), feed_item(2)]
    source = source_for(organization, feed_server.url)
    harvest(source)

    feed_server.items.append({"id": "post-1", "type": "practice", "status": "deleted", "updated": "2026-01-02T00:00:00+00:00"})
    run = harvest(source)

    assert run.withdrawn == 1
    practice = Practice.objects.get(title_ka="პრაქტიკა 1")
    assert practice.status == ContentStatus.ARCHIVED
    assert HarvestedItem.objects.get(source=source, external_id="post-1").withdrawn_at is not None

    feed_server.items.append(feed_item(1, fields={"title_ka": "პრაქტიკა 1 დაბრუნდა"}))
    harvest(source)
    practice.refresh_from_db()
    assert (practice.status, practice.title_ka) == (ContentStatus.PUBLISHED, "პრაქტიკა 1 დაბრუნდა")
    assert Practice.objects.filter(organization=organization).count() == 2


def test_a_bad_entry_is_an_error_on_the_run_and_never_sinks_its_neighbours(organization, source_for, feed_server, theme):
    feed_server.items = [
        feed_item(1),
        feed_item(2, fields={"title_ka": ""}),
        feed_item(3, fields={"title_ka": "x", "period_start": "not a date"}),
        feed_item(4, fields="nope"),
        feed_item(5, type="spaceship"),
        feed_item(6),
    ]
    source = source_for(organization, feed_server.url)

    run = harvest(source)

    assert (run.status, run.created, run.invalid) == (RunStatus.PARTIALLY_FAILED, 2, 4)
    errors = {error.external_id: (error.stage, error.message) for error in run.errors.all()}
    assert errors["post-2"] == ("validate", "title_ka: The item has no title.")
    assert errors["post-3"][0] == "validate" and errors["post-3"][1].startswith("period_start:")
    assert errors["post-4"] == ("fetch", "item: The entry's fields must be an object and its themes a list of slugs.")
    assert errors["post-5"] == ("import", "type: The hub has no content type “spaceship”.")


def test_malformed_json_fails_the_run_with_a_clear_message_and_changes_nothing(organization, source_for, feed_server):
    feed_server.body = b'{"items": [ this is not json'
    source = source_for(organization, feed_server.url)

    run = harvest(source)

    assert run.status == RunStatus.FAILED
    assert "not valid JSON" in run.message
    assert run.errors.get().stage == "gather"
    assert not Practice.objects.filter(organization=organization).exists()


def test_an_answer_that_is_not_a_feed_fails_the_run(organization, source_for, feed_server):
    feed_server.body = json.dumps({"results": []}).encode()
    run = harvest(source_for(organization, feed_server.url))
    assert (run.status, run.message) == (RunStatus.FAILED, "The answer is not a hub feed (an object with an “items” list).")


def test_a_server_error_fails_the_run_and_the_next_run_recovers(organization, source_for, feed_server, theme, settings):
    settings.OUTBOUND_RETRIES = 0
    feed_server.items = [feed_item(1), feed_item(2), feed_item(3)]
    feed_server.failures = 1
    source = source_for(organization, feed_server.url)

    failed = harvest(source)
    assert failed.status == RunStatus.FAILED and "500" in failed.message
    source.refresh_from_db()
    assert source.consecutive_failures == 1

    recovered = harvest(source)
    assert (recovered.status, recovered.created) == (RunStatus.SUCCEEDED, 3)
    source.refresh_from_db()
    assert source.consecutive_failures == 0


def test_a_feed_whose_cursor_never_advances_is_cut_off(organization, source_for, httpserver):
    page = {"items": [feed_item(1)], "next": "same", "more": True}
    httpserver.expect_request("/api/v1/feed/").respond_with_json(page)
    run = harvest(source_for(organization, httpserver.url_for("/")))
    assert run.status == RunStatus.FAILED
    assert run.message.startswith("The portal's listing does not end")
    assert Practice.objects.filter(organization=organization).count() == 1


def test_an_oversized_page_fails_the_run_with_the_clients_message(organization, source_for, feed_server, settings):
    settings.OUTBOUND_MAX_BYTES = 2_000
    feed_server.items = [feed_item(n, fields={"title_ka": "ა" * 900}) for n in range(1, 3)]
    run = harvest(source_for(organization, feed_server.url))
    assert (run.status, run.message) == (RunStatus.FAILED, "The answer is larger than 2000 bytes, the most the hub accepts.")
    assert not Practice.objects.filter(organization=organization).exists()


def test_loopback_is_refused_when_the_allow_list_is_off(organization, source_for, feed_server, settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    feed_server.items = [feed_item(1)]
    run = harvest(source_for(organization, feed_server.url))
    assert (run.status, run.message) == (RunStatus.FAILED, "The hub does not fetch from localhost: it resolves to 127.0.0.1 (loopback address).")
    assert feed_server.requests == []  # refused before connecting


def test_a_feed_that_does_not_answer_in_time_fails_the_run(organization, source_for, httpserver, settings):
    import time

    settings.OUTBOUND_TOTAL_TIMEOUT = 0.5
    settings.OUTBOUND_RETRIES = 0

    def slow(request):
        time.sleep(1.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/api/v1/feed/").respond_with_handler(slow)
    run = harvest(source_for(organization, httpserver.url_for("/")))
    assert run.status == RunStatus.FAILED
    assert run.message == "The remote site did not answer within 0.5 seconds."
