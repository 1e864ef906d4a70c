"""Runs never stick: one at a time per source, stale ones reaped, cancelled ones stop, failures pause the source."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from hub.errors import Conflict, NotAllowed
from municipalities.actors import Actor
from municipalities.models import AuditEntry, Membership
from practices.models import Practice
from sync.models import HarvestedItem, Run, RunStatus, Source
from sync.services import (
    run_cancel,
    run_execute,
    run_request,
    runs_prune,
    runs_reap_stale,
    source_pause,
    source_resume,
    source_update,
)
from tests.actors import TEST_ACTOR
from tests.factories import MembershipFactory

from .conftest import feed_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def dying(settings):
    settings.SYNC_CONNECTORS = {**settings.SYNC_CONNECTORS, "dying-hub": "tests.sync.dying"}


def test_a_second_request_while_a_run_is_queued_is_refused(organization, source_for):
    source = source_for(organization, "https://vani.example.ge/")
    run_request(source=source, actor=TEST_ACTOR, enqueue=False)
    with pytest.raises(Conflict, match="already in progress"):
        run_request(source=source, actor=TEST_ACTOR, enqueue=False)
    assert Run.objects.filter(source=source).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_triggers_of_one_source_yield_exactly_one_run(organization, source_for):
    source = source_for(organization, "https://vani.example.ge/")
    barrier, outcomes = threading.Barrier(6), []

    def trigger():
        try:
            barrier.wait()
            run_request(source=Source.objects.get(pk=source.pk), actor=TEST_ACTOR, enqueue=False)
            outcomes.append("run")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=trigger) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 5 + ["run"]
    assert Run.objects.filter(source=source, status=RunStatus.QUEUED).count() == 1


def test_a_run_killed_midway_is_reaped_and_the_rerun_loses_and_duplicates_nothing(organization, source_for, feed_server, theme, dying, settings):
    feed_server.items = [feed_item(n) for n in range(1, 7)]
    source = source_for(organization, feed_server.url, connector="dying-hub")
    run = run_request(source=source, actor=TEST_ACTOR, enqueue=False)
    with pytest.raises(SystemExit):
        run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.created) == (RunStatus.RUNNING, 2)  # the first page committed, then the worker died
    with pytest.raises(Conflict):
        run_request(source=source, actor=TEST_ACTOR, enqueue=False)

    Run.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timezone.timedelta(seconds=settings.SYNC_HEARTBEAT_TIMEOUT_SECONDS + 1))
    assert runs_reap_stale(actor=TEST_ACTOR) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.message == "The harvest stopped responding (no sign of life for 15 minutes) and was marked failed."
    assert AuditEntry.objects.filter(action="sync_run.reaped", target_id=str(run.pk)).exists()

    source_update(source=source, actor=TEST_ACTOR, connector="hub", url=source.url)
    source.refresh_from_db()
    source.cursor = {"since": "2"}  # what the dead run had committed (the update cleared it with the connector change)
    source.save(update_fields=["cursor"])
    feed_server.requests.clear()
    rerun = run_execute(run_id=run_request(source=source, actor=TEST_ACTOR, enqueue=False).pk)
    assert feed_server.requests[0] == "2"
    assert (rerun.status, rerun.created) == (RunStatus.SUCCEEDED, 4)
    assert Practice.objects.filter(organization=organization).count() == 6
    assert HarvestedItem.objects.filter(source=source).count() == 6


def test_a_live_run_is_not_reaped(organization, source_for):
    source = source_for(organization, "https://vani.example.ge/")
    run = run_request(source=source, actor=TEST_ACTOR, enqueue=False)
    Run.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    assert runs_reap_stale(actor=TEST_ACTOR) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cancelled_run_stops_before_its_next_page_and_keeps_what_it_committed(organization, source_for, feed_server, theme):
    feed_server.items = [feed_item(n) for n in range(1, 7)]
    source = source_for(organization, feed_server.url)
    run = run_request(source=source, actor=TEST_ACTOR, enqueue=False)

    original = feed_server.handle

    def cancel_after_first_page(request):
        if feed_server.requests:
            # The admin's click, from another connection while the run reads its next page.
            try:
                run_cancel(run=Run.objects.get(pk=run.pk), actor=TEST_ACTOR)
            finally:
                connection.close()
        return original(request)

    feed_server.server.clear()
    feed_server.server.expect_request("/api/v1/feed/").respond_with_handler(cancel_after_first_page)
    finished = run_execute(run_id=run.pk)

    assert finished.status == RunStatus.CANCELLED
    assert finished.created == 2
    assert Practice.objects.filter(organization=organization).count() == 2
    with pytest.raises(Conflict, match="already finished"):
        run_cancel(run=finished, actor=TEST_ACTOR)


def test_consecutive_failures_pause_the_source_and_mail_its_admins(organization, source_for, httpserver, settings, django_capture_on_commit_callbacks):
    settings.SYNC_MAX_CONSECUTIVE_FAILURES = 2
    settings.OUTBOUND_RETRIES = 0
    admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    httpserver.expect_request("/api/v1/feed/").respond_with_data("no", status=503)
    source = source_for(organization, httpserver.url_for("/"), schedule="daily")
    assert PeriodicTask.objects.get(pk=source.periodic_task_id).enabled

    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            run_execute(run_id=run_request(source=source, actor=TEST_ACTOR, enqueue=False).pk)

    source.refresh_from_db()
    assert not source.enabled
    assert source.paused_reason == "Paused after 2 failed harvests in a row."
    assert source.periodic_task is None and not PeriodicTask.objects.filter(name=f"sync-source-{source.pk}").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [admin.email]
    assert mail.outbox[0].subject == f"Harvesting of {source.name} has been paused"
    with pytest.raises(Conflict, match="paused"):
        run_request(source=source, actor=TEST_ACTOR, trigger="schedule", enqueue=False)

    resumed = source_resume(source=source, actor=TEST_ACTOR)
    assert resumed.enabled and resumed.consecutive_failures == 0 and resumed.periodic_task is not None


def test_the_schedule_follows_the_source(organization, source_for):
    source = source_for(organization, "https://vani.example.ge/", schedule="hourly")
    task = PeriodicTask.objects.get(pk=source.periodic_task_id)
    assert (task.task, task.interval.every, task.interval.period, task.args) == ("sync.tasks.harvest_scheduled", 1, "hours", f"[{source.pk}]")

    source = source_update(source=source, actor=TEST_ACTOR, schedule="weekly")
    assert PeriodicTask.objects.get(pk=task.pk).interval.every == 24 * 7
    source = source_pause(source=source, actor=TEST_ACTOR)
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()
    source = source_resume(source=source, actor=TEST_ACTOR)
    source = source_update(source=source, actor=TEST_ACTOR, schedule="manual")
    assert source.periodic_task is None and not PeriodicTask.objects.filter(name__startswith="sync-source-").exists()
    assert list(AuditEntry.objects.filter(target_type="sync.source").values_list("action", flat=True).order_by("pk")) == [
        "sync_source.created", "sync_source.updated", "sync_source.paused", "sync_source.resumed", "sync_source.updated",
    ]


def test_history_keeps_the_last_runs_and_every_failed_one(organization, source_for, settings):
    settings.SYNC_KEEP_RUNS = 3
    source = source_for(organization, "https://vani.example.ge/")
    statuses = ["failed", "succeeded", "succeeded", "failed", "succeeded", "succeeded", "succeeded", "succeeded"]
    runs = [Run.objects.create(source=source, trigger="manual", status=status) for status in statuses]

    assert runs_prune(actor=TEST_ACTOR) == 3
    kept = set(Run.objects.filter(source=source).values_list("pk", flat=True))
    assert kept == {runs[0].pk, runs[3].pk, runs[5].pk, runs[6].pk, runs[7].pk}


def test_only_admins_of_the_organization_manage_its_sources(organization, other_organization, source_for, editor, nala_admin, admin_without_mfa):
    source = source_for(organization, "https://vani.example.ge/")
    with pytest.raises(NotAllowed, match="Only administrators of"):
        run_request(source=source, actor=Actor.for_user(editor), enqueue=False)
    with pytest.raises(NotAllowed, match="Only administrators of"):
        run_request(source=source, actor=Actor.for_user(admin_without_mfa), enqueue=False)
    with pytest.raises(NotAllowed):
        source_pause(source=source, actor=Actor.system(name="other", organization=other_organization))
    assert run_request(source=source, actor=Actor.for_user(nala_admin), enqueue=False).requested_by == nala_admin


def test_credentials_are_encrypted_at_rest_and_read_only_by_the_connector(organization, source_for, settings):
    source = source_for(organization, "https://vani.example.ge/", credential_username="hub", secret="s3cret-value")
    stored = Source.objects.values_list("credential_secret", flat=True).get(pk=source.pk)
    assert "s3cret" not in stored and stored
    assert Source.objects.get(pk=source.pk).credentials() == ("hub", "s3cret-value")
    settings.VANI_PORTAL_CREDENTIALS = "robot:from-settings"
    settings.SYNC_CREDENTIAL_SETTINGS = ["VANI_PORTAL_CREDENTIALS"]
    source = source_update(source=source, actor=TEST_ACTOR, credential_setting="VANI_PORTAL_CREDENTIALS", secret="")
    assert source.credentials() == ("robot", "from-settings")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_never_writes_its_cursor_back_over_an_address_changed_meanwhile(organization, source_for, feed_server, theme):
    feed_server.items = [feed_item(n) for n in range(1, 7)]
    source = source_for(organization, feed_server.url)
    run = run_request(source=source, actor=TEST_ACTOR, enqueue=False)
    original = feed_server.handle

    def move_after_first_page(request):
        if len(feed_server.requests) == 1:
            # The admin points the source at another portal, from another connection, while the run reads on.
            try:
                source_update(source=Source.objects.get(pk=source.pk), actor=TEST_ACTOR, url="https://tbilisi.example.ge/")
            finally:
                connection.close()
        return original(request)

    feed_server.server.clear()
    feed_server.server.expect_request("/api/v1/feed/").respond_with_handler(move_after_first_page)
    finished = run_execute(run_id=run.pk)

    assert finished.status == RunStatus.SUCCEEDED and finished.created == 6
    moved = Source.objects.get(pk=source.pk)
    assert moved.url == "https://tbilisi.example.ge/"
    # The new portal starts from its beginning, not at the old portal's position.
    assert moved.cursor == {}
