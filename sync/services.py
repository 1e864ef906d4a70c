"""Federation writes: sources, runs (request, execute, cancel, reap, prune) and pushes.

One run per source at a time: `run_request` takes a row lock on the source
and the database's partial unique constraint admits one queued or running run
per source, so two triggers at once (a schedule and a click, two workers)
yield one run and a `Conflict` for the other. A running run beats its heart at
every page; `runs_reap_stale` fails runs whose heart stopped (a killed
worker), so a source is never stuck "running". Each page is imported in one
transaction together with the run's counts and the source's cursor, so a run
killed midway loses nothing: the next run resumes after the last page that
committed, and `(source, external_id)` keeps every item single.
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from hub.errors import Conflict, NotAllowed
from hub.outbound import OutboundError
from hub.tasks import enqueue_on_commit
from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Membership, Organization
from municipalities.services import audit_record
from practices.services.content import content_archive, content_unlock

from .connectors import InvalidConnectorError, connector_class, get_connector
from .connectors.base import HarvestedRecord, HarvestError, PaginationLoop, web_url
from .importer import (
    PageOutcome,
    content_model,
    items_withdraw_missing,
    records_import,
    source_actor,
)
from .models import (
    ACTIVE_STATUSES,
    COUNTS,
    PUSH_CONNECTOR,
    IdempotentPush,
    Run,
    RunError,
    RunStage,
    RunStatus,
    RunTrigger,
    Schedule,
    Source,
)

logger = logging.getLogger(__name__)

SOURCE_FIELDS = ("name", "connector", "url", "schedule", "content_type", "default_theme", "language", "options", "credential_username", "credential_setting")
INTERVALS = {Schedule.HOURLY: 1, Schedule.DAILY: 24, Schedule.WEEKLY: 24 * 7}


class RunCancelled(Exception):
    """The run was cancelled between two pages; the page in hand is rolled back."""


# --- permissions --------------------------------------------------------------------------

def can_manage_sources(*, actor: Actor, organization: Organization) -> bool:
    """Organization admins manage their own sources; NALA admins every organization's."""
    if actor.is_system:
        return actor.organization is None or actor.organization.pk == organization.pk
    if actor.needs_mfa_for(Membership.Role.ADMIN):
        # Administrator powers need two-factor authentication, here as everywhere in the hub.
        return False
    return actor.has_role(organization, Membership.Role.ADMIN) or actor.is_nala_admin()


def _check_manager(*, actor: Actor, organization: Organization) -> None:
    if not can_manage_sources(actor=actor, organization=organization):
        raise NotAllowed(_("Only administrators of %(organization)s can manage its harvest sources.") % {"organization": organization.name})


# --- sources ------------------------------------------------------------------------------

def _check_source(source: Source) -> None:
    errors = {}
    if source.connector == PUSH_CONNECTOR:
        # Only push_source makes one: any other would catch the organization's pushes.
        errors["connector"] = [_("Unknown connector “%(kind)s”.") % {"kind": source.connector}]
    else:
        try:
            connector_class(source.connector)
        except InvalidConnectorError:
            errors["connector"] = [_("Unknown connector “%(kind)s”.") % {"kind": source.connector}]
        if not source.url:
            errors["url"] = [_("A harvested portal needs an address.")]
    if content_model(source.content_type) is None:
        errors["content_type"] = [_("The hub has no content type “%(type)s”.") % {"type": source.content_type}]
    if source.credential_setting and not source.credential_setting_allowed:
        errors["credential_setting"] = [
            _("“%(name)s” is not one of the credentials settings the hub's operators allow (SYNC_CREDENTIAL_SETTINGS).") % {"name": source.credential_setting}
        ]
    elif source.credential_setting and not hasattr(settings, source.credential_setting):
        errors["credential_setting"] = [_("No setting is called “%(name)s”.") % {"name": source.credential_setting}]
    if not isinstance(source.options, dict):
        errors["options"] = [_("Connector options must be a JSON object.")]
    if errors:
        raise ValidationError(errors)
    source.full_clean(exclude=["organization", "default_theme", "options", "periodic_task"], validate_unique=False)
    if Source.objects.filter(organization=source.organization, name=source.name).exclude(pk=source.pk).exists():
        raise ValidationError({"name": [_("Your organization already has a source with this name.")]})


def _sync_schedule(source: Source) -> None:
    """Keep the source's django-celery-beat entry in step with its schedule and state."""
    wanted = source.enabled and source.schedule in INTERVALS and source.connector != PUSH_CONNECTOR
    task = source.periodic_task
    if not wanted:
        if task is not None:
            source.periodic_task = None
            Source.objects.filter(pk=source.pk).update(periodic_task=None)
            task.delete()
        return
    interval, _created = IntervalSchedule.objects.get_or_create(every=INTERVALS[source.schedule], period=IntervalSchedule.HOURS)
    if task is None:
        task = PeriodicTask.objects.create(
            name=f"sync-source-{source.pk}", task="sync.tasks.harvest_scheduled", interval=interval, args=json.dumps([source.pk])
        )
        source.periodic_task = task
        Source.objects.filter(pk=source.pk).update(periodic_task=task)
    elif task.interval_id != interval.pk or not task.enabled:
        task.interval, task.enabled = interval, True
        task.save(update_fields=["interval", "enabled"])


@transaction.atomic
def source_create(*, organization: Organization, actor: Actor, secret: str = "", enabled: bool = True, **fields) -> Source:
    """Add a source; `secret` is encrypted at rest and never shown back."""
    _check_manager(actor=actor, organization=organization)
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown source fields: {sorted(unknown)}")
    source = Source(organization=organization, enabled=enabled, **fields)
    source.set_secret(secret)
    _check_source(source)
    source.save()
    _sync_schedule(source)
    audit_record(
        organization=organization, actor=actor, action=AuditAction.SYNC_SOURCE_CREATED, target=source,
        data={"name": source.name, "connector": source.connector, "url": source.url, "schedule": source.schedule},
    )
    return source


@transaction.atomic
def source_update(*, source: Source, actor: Actor, secret: str | None = None, **fields) -> Source:
    """Change the given fields; `secret=None` keeps the stored secret, "" removes it."""
    _check_manager(actor=actor, organization=source.organization)
    source = Source.objects.select_for_update(of=("self",)).select_related("periodic_task").get(pk=source.pk)
    changed, original_connector = [], source.connector
    for name, value in fields.items():
        if name not in SOURCE_FIELDS:
            raise TypeError(f"Unknown source field: {name}")
        if getattr(source, name) != value:
            setattr(source, name, value)
            changed.append(name)
    if secret is not None:
        source.set_secret(secret)
        changed.append("secret")
    if "connector" in changed and PUSH_CONNECTOR in (source.connector, original_connector):
        raise ValidationError({"connector": [_("The push source and harvested sources never change into each other.")]})
    if {"url", "connector"} & set(changed):
        # Another portal: the old cursor means nothing there.
        source.cursor = {}
        source.cursor_generation += 1
    if source.connector == PUSH_CONNECTOR:
        source.full_clean(exclude=["organization", "default_theme", "options", "periodic_task"], validate_unique=False)
    else:
        _check_source(source)
    source.save()
    _sync_schedule(source)
    audit_record(
        organization=source.organization, actor=actor, action=AuditAction.SYNC_SOURCE_UPDATED, target=source,
        data={AUDIT_CHANGED_KEY: sorted(changed)},
    )
    return source


def _source_set_enabled(*, source: Source, actor: Actor, enabled: bool, reason: str = "") -> Source:
    source = Source.objects.select_for_update(of=("self",)).select_related("periodic_task", "organization").get(pk=source.pk)
    source.enabled, source.paused_reason = enabled, reason
    if enabled:
        source.consecutive_failures = 0
    source.save(update_fields=["enabled", "paused_reason", "consecutive_failures", "updated_at"])
    _sync_schedule(source)
    audit_record(
        organization=source.organization, actor=actor,
        action=AuditAction.SYNC_SOURCE_RESUMED if enabled else AuditAction.SYNC_SOURCE_PAUSED,
        target=source, data={"reason": reason} if reason else {},
    )
    return source


@transaction.atomic
def source_pause(*, source: Source, actor: Actor, reason: str = "") -> Source:
    _check_manager(actor=actor, organization=source.organization)
    return _source_set_enabled(source=source, actor=actor, enabled=False, reason=reason)


@transaction.atomic
def source_resume(*, source: Source, actor: Actor) -> Source:
    _check_manager(actor=actor, organization=source.organization)
    return _source_set_enabled(source=source, actor=actor, enabled=True)


@transaction.atomic
def source_delete(*, source: Source, actor: Actor) -> None:
    """Delete a source: its items are withdrawn (archived) and unlocked, so their organization may keep or delete them."""
    _check_manager(actor=actor, organization=source.organization)
    source = Source.objects.select_for_update(of=("self",)).select_related("periodic_task", "organization").get(pk=source.pk)
    if source.runs.filter(status__in=ACTIVE_STATUSES).exists():
        raise Conflict(_("A harvest of this source is in progress; cancel it first."))
    system = source_actor(source)
    for harvested in source.items.select_related("content_type"):
        item = harvested.item
        if item is None:
            continue
        if item.status != "archived":
            content_archive(item=item, actor=system)
        content_unlock(item=item, actor=system)
    audit_record(
        organization=source.organization, actor=actor, action=AuditAction.SYNC_SOURCE_DELETED, target=source,
        data={"name": source.name, "items": source.items.count()},
    )
    task = source.periodic_task
    source.delete()
    if task is not None:
        task.delete()


# --- runs ---------------------------------------------------------------------------------

@transaction.atomic
def run_request(*, source: Source, actor: Actor, trigger: str = RunTrigger.MANUAL, full: bool = False, enqueue: bool = True) -> Run:
    """Queue a run of `source`, or refuse with Conflict when one is already queued or running."""
    if trigger != RunTrigger.SCHEDULE:
        _check_manager(actor=actor, organization=source.organization)
    # The row lock orders concurrent requests; the partial unique constraint is the guarantee.
    source = Source.objects.select_for_update(of=("self",)).select_related("organization").get(pk=source.pk)
    if source.connector == PUSH_CONNECTOR:
        raise Conflict(_("This source receives pushes; it is never harvested."))
    if trigger == RunTrigger.SCHEDULE and not source.enabled:
        raise Conflict(_("The source is paused."))
    if source.runs.filter(status__in=ACTIVE_STATUSES).exists():
        raise Conflict(_("A harvest of this source is already in progress."), code="run_in_progress")
    try:
        with transaction.atomic():
            run = Run.objects.create(source=source, trigger=trigger, full=full, requested_by=actor.user)
    except IntegrityError as error:
        raise Conflict(_("A harvest of this source is already in progress."), code="run_in_progress") from error
    audit_record(
        organization=source.organization, actor=actor, action=AuditAction.SYNC_RUN_REQUESTED, target=run,
        data={"source": source.pk, "trigger": trigger, "full": full},
    )
    if enqueue:
        from . import tasks

        enqueue_on_commit(tasks.execute_run, run.pk)
    return run


@transaction.atomic
def run_cancel(*, run: Run, actor: Actor) -> Run:
    """Stop a queued or running run; a running one stops before its next page and keeps what it committed."""
    _check_manager(actor=actor, organization=run.source.organization)
    now = timezone.now()
    if not Run.objects.filter(pk=run.pk, status__in=ACTIVE_STATUSES).update(status=RunStatus.CANCELLED, finished_at=now):
        raise Conflict(_("This harvest has already finished."))
    run.refresh_from_db()
    audit_record(organization=run.source.organization, actor=actor, action=AuditAction.SYNC_RUN_CANCELLED, target=run, data={"source": run.source_id})
    return run


def _record_errors(run: Run, outcome: PageOutcome) -> None:
    room = settings.SYNC_MAX_ERRORS_PER_RUN - run.errors.count()
    rows = [
        RunError(
            run=run, external_id=entry.external_id[:300], stage=entry.stage,
            message="; ".join(f"{name}: {' '.join(messages)}" for name, messages in entry.errors.items()),
        )
        for entry in outcome.results if entry.result == "invalid"
    ]
    if rows and room > 0:
        RunError.objects.bulk_create(rows[:room])


def _progress(run: Run, outcome: PageOutcome, *, cursor: dict, generation: int) -> None:
    """Add a page's counts and beat the heart, or raise RunCancelled if the run was stopped meanwhile."""
    increments = {name: F(name) + outcome.count(name) for name in COUNTS if name != "fetched"}
    rows = Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        heartbeat_at=timezone.now(), pages=F("pages") + 1, fetched=F("fetched") + len(outcome.results), **increments
    )
    if not rows:
        raise RunCancelled()
    # In the same UPDATE as the check: an edit that reset the cursor meanwhile wins over this run's position.
    Source.objects.filter(pk=run.source_id, cursor_generation=generation).update(cursor=cursor)


def _finish(run: Run, status: str, *, message: str = "", reaped: bool = False) -> bool:
    """Close a running run; count failures toward the source's auto-pause. False if someone else closed it."""
    with transaction.atomic():
        active = (RunStatus.RUNNING, RunStatus.QUEUED) if reaped else (RunStatus.RUNNING,)
        if not Run.objects.filter(pk=run.pk, status__in=active).update(status=status, finished_at=timezone.now(), message=message):
            return False
        run.refresh_from_db()
        source = Source.objects.select_for_update(of=("self",)).select_related("organization", "periodic_task").get(pk=run.source_id)
        system = source_actor(source)
        if status == RunStatus.FAILED:
            source.consecutive_failures += 1
        else:
            source.consecutive_failures = 0
        source.save(update_fields=["consecutive_failures"])
        audit_record(
            organization=source.organization, actor=system,
            action=AuditAction.SYNC_RUN_REAPED if reaped else AuditAction.SYNC_RUN_FINISHED, target=run,
            data={"source": source.pk, "status": status, **{name: getattr(run, name) for name in COUNTS}},
        )
        if status == RunStatus.FAILED and source.enabled and source.consecutive_failures >= settings.SYNC_MAX_CONSECUTIVE_FAILURES:
            reason = _("Paused after %(count)s failed harvests in a row.") % {"count": source.consecutive_failures}
            _source_set_enabled(source=source, actor=system, enabled=False, reason=reason)
            transaction.on_commit(lambda: _mail_admins_paused(source_id=source.pk, last_message=message))
    return True


def _mail_admins_paused(*, source_id: int, last_message: str) -> None:
    source = Source.objects.select_related("organization").get(pk=source_id)
    recipients = list(
        Membership.objects.filter(organization=source.organization, role=Membership.Role.ADMIN).values_list("user__email", flat=True)
    )
    if not recipients:
        return
    link = f"{settings.SITE_URL.rstrip('/')}/sync/sources/{source.pk}/"
    subject = _("Harvesting of %(source)s has been paused") % {"source": source.name}
    body = _(
        "The hub could not harvest %(source)s (%(url)s) %(count)s times in a row and has paused it.\n\n"
        "Last error: %(message)s\n\nCheck the portal, then resume the source: %(link)s"
    ) % {"source": source.name, "url": source.url, "count": source.consecutive_failures, "message": last_message, "link": link}
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        # The pause is committed and shown on the source page; a mail server outage must not hide it.
        logger.exception("sync.pause_mail_failed", extra={"source": source_id})


def run_execute(*, run_id: int) -> Run | None:
    """Carry out a queued run: gather and fetch through the connector, import page by page.

    Not one transaction: each page commits with its counts and the cursor.
    Returns None when the run was no longer queued (cancelled, or taken by
    another worker).
    """
    now = timezone.now()
    if not Run.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING, started_at=now, heartbeat_at=now):
        return None
    run = Run.objects.select_related("source__organization", "source__default_theme").get(pk=run_id)
    source = run.source
    actor, generation = source_actor(source), source.cursor_generation
    try:
        connector = get_connector(source)
        seen = set()
        for number, page in enumerate(connector.pages(cursor={} if run.full else dict(source.cursor), full=run.full), start=1):
            marker = json.dumps(page.cursor, sort_keys=True)
            if number > settings.SYNC_MAX_PAGES or (page.cursor and marker in seen):
                raise PaginationLoop(_("The portal's listing does not end (page %(number)s repeats or exceeds the limit); the run was stopped.") % {"number": number})
            seen.add(marker)
            with transaction.atomic():
                outcome = records_import(source=source, records=page.records, actor=actor)
                _record_errors(run, outcome)
                _progress(run, outcome, cursor=page.cursor, generation=generation)
        if run.full and connector.lists_all_ids:
            present = connector.present_ids()
            if present is not None:
                with transaction.atomic():
                    outcome = PageOutcome(items_withdraw_missing(source=source, present=present, actor=actor))
                    _record_errors(run, outcome)
                    _progress(run, outcome, cursor=Source.objects.get(pk=source.pk).cursor, generation=generation)
    except RunCancelled:
        run.refresh_from_db()
        return run
    except (HarvestError, OutboundError) as error:
        message = str(error.message)
        RunError.objects.create(run=run, stage=RunStage.GATHER, message=message)
        _finish(run, RunStatus.FAILED, message=message)
    except Exception:
        # Whatever broke, the run must not stay "running": it fails with a message and the trace goes to the log.
        logger.exception("sync.run_crashed", extra={"run": run_id})
        message = _("The harvest stopped on an unexpected error; the hub's operators have the details.")
        RunError.objects.create(run=run, stage=RunStage.IMPORT, message=message)
        _finish(run, RunStatus.FAILED, message=message)
    else:
        run.refresh_from_db()
        _finish(run, RunStatus.PARTIALLY_FAILED if run.invalid else RunStatus.SUCCEEDED)
    run.refresh_from_db()
    return run


def runs_reap_stale(*, actor: Actor) -> int:
    """Fail runs whose heartbeat stopped (a killed worker) and queued runs nobody picked up."""
    cutoff = timezone.now() - timezone.timedelta(seconds=settings.SYNC_HEARTBEAT_TIMEOUT_SECONDS)
    minutes = max(1, settings.SYNC_HEARTBEAT_TIMEOUT_SECONDS // 60)
    reaped = 0
    stale = list(Run.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=cutoff)) + list(
        Run.objects.filter(status=RunStatus.QUEUED, created_at__lt=cutoff)
    )
    for run in stale:
        message = _("The harvest stopped responding (no sign of life for %(minutes)s minutes) and was marked failed.") % {"minutes": minutes}
        if _finish(run, RunStatus.FAILED, message=message, reaped=True):
            RunError.objects.create(run=run, stage=RunStage.GATHER, message=message)
            reaped += 1
    return reaped


@transaction.atomic
def runs_prune(*, actor: Actor) -> int:
    """Keep each source's last SYNC_KEEP_RUNS runs and its last SYNC_KEEP_FAILED_RUNS failed ones; delete the rest."""
    deleted = 0
    for source in Source.objects.select_related("organization"):
        runs = Run.objects.filter(source_id=source.pk).order_by("-created_at", "-id")
        keep = set(runs.values_list("pk", flat=True)[: settings.SYNC_KEEP_RUNS])
        keep |= set(runs.filter(status=RunStatus.FAILED).values_list("pk", flat=True)[: settings.SYNC_KEEP_FAILED_RUNS])
        doomed = runs.exclude(pk__in=keep).exclude(status__in=ACTIVE_STATUSES)
        count = doomed.delete()[1].get("sync.Run", 0)
        if count:
            audit_record(organization=source.organization, actor=actor, action=AuditAction.SYNC_RUNS_PRUNED, target=source, data={"deleted": count})
        deleted += count
    cutoff = timezone.now() - timezone.timedelta(hours=settings.SYNC_IDEMPOTENCY_HOURS)
    IdempotentPush.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- push ---------------------------------------------------------------------------------

PUSH_SOURCE_NAME = "Push API"


def push_source(*, organization: Organization, actor: Actor) -> Source:
    """The organization's push source (made on its first push): the provenance of pushed items.

    Found by its kind, never by its name: a harvested source renamed "Push API" must not catch pushes.
    """
    source = Source.objects.filter(organization=organization, connector=PUSH_CONNECTOR).first()
    if source is not None:
        return source
    taken = set(Source.objects.filter(organization=organization, name__startswith=PUSH_SOURCE_NAME).values_list("name", flat=True))
    name = next(candidate for candidate in (PUSH_SOURCE_NAME, *(f"{PUSH_SOURCE_NAME} ({n})" for n in range(2, len(taken) + 3))) if candidate not in taken)
    try:
        with transaction.atomic():
            source = Source.objects.create(
                organization=organization, name=name, connector=PUSH_CONNECTOR, schedule=Schedule.MANUAL, content_type="practice"
            )
            audit_record(
                organization=organization, actor=actor, action=AuditAction.SYNC_SOURCE_CREATED, target=source,
                data={"name": source.name, "connector": PUSH_CONNECTOR, "url": "", "schedule": source.schedule},
            )
            return source
    except IntegrityError:
        # A concurrent first push made it (the one-push-source constraint).
        return Source.objects.get(organization=organization, connector=PUSH_CONNECTOR)


def push_record(entry) -> HarvestedRecord:
    """One pushed item as a record; a malformed item is a record with an error (an invalid result), never a refusal."""
    if not isinstance(entry, dict):
        return HarvestedRecord(external_id="", error=_("Every item must be a JSON object."))
    external_id = entry.get("id")
    if not isinstance(external_id, str) or not external_id.strip():
        return HarvestedRecord(external_id="", error=_("Every item needs an id (a string)."))
    record = HarvestedRecord(external_id=external_id.strip(), tombstone=entry.get("deleted") is True)
    type_name, fields, themes, url = entry.get("type", ""), entry.get("fields", {}), entry.get("themes", []), entry.get("url", "")
    if not isinstance(type_name, str) or not isinstance(url, str):
        record.error = _("“type” and “url” must be strings.")
    elif not isinstance(fields, dict):
        record.error = _("“fields” must be an object.")
    elif not isinstance(themes, list) or not all(isinstance(slug, str) for slug in themes):
        record.error = _("“themes” must be a list of slugs.")
    elif url and not web_url(url):
        record.error, record.error_field = _("The address must be an absolute http or https URL."), "url"
    else:
        record.content_type, record.fields, record.themes, record.url = type_name, fields, themes, url
    return record


@transaction.atomic
def push_receive(
    *, organization: Organization, actor: Actor, items: list, idempotency_key: str = "", body_hash: str = ""
) -> tuple[dict, bool]:
    """Import a pushed batch; returns (the answer, whether it is a replay of an earlier push with the same key).

    A bad item is a result ("invalid" with field errors), never a failed
    batch. Pushes of one organization are serialized by the lock on its push
    source, so a retry racing its original waits for it and gets its answer.
    """
    if actor.api_key is None or actor.api_key.organization_id != organization.pk or not actor.api_key.can_write:
        raise NotAllowed(_("Pushing needs a write key of the organization."))
    if len(items) > settings.SYNC_PUSH_MAX_ITEMS:
        raise ValidationError({"items": [_("At most %(count)s items per push.") % {"count": settings.SYNC_PUSH_MAX_ITEMS}]})
    source = Source.objects.select_for_update(of=("self",)).select_related("organization", "default_theme").get(pk=push_source(organization=organization, actor=actor).pk)
    if idempotency_key:
        previous = IdempotentPush.objects.filter(organization=organization, key=idempotency_key).first()
        if previous is not None:
            if previous.body_hash != body_hash:
                raise Conflict(
                    _("This Idempotency-Key was already used for a different request; use a new key for new content."),
                    code="idempotency_key_reused",
                )
            return previous.response, True
    started = timezone.now()
    outcome = records_import(source=source, records=[push_record(entry) for entry in items])
    counts = {name: outcome.count(name) for name in COUNTS if name != "fetched"}
    run = Run.objects.create(
        source=source, trigger=RunTrigger.PUSH, status=RunStatus.PARTIALLY_FAILED if counts["invalid"] else RunStatus.SUCCEEDED,
        started_at=started, heartbeat_at=timezone.now(), finished_at=timezone.now(), pages=1, fetched=len(items), **counts,
    )
    _record_errors(run, outcome)
    audit_record(organization=organization, actor=actor, action=AuditAction.SYNC_PUSH_RECEIVED, target=run, data={"fetched": len(items), **counts})
    answer = {
        "run": run.pk,
        "counts": {"received": len(items), **counts},
        "results": [
            {"id": entry.external_id, "result": entry.result, "type": entry.type, "item_id": entry.id, **({"errors": entry.errors} if entry.errors else {})}
            for entry in outcome.results
        ],
    }
    if idempotency_key:
        IdempotentPush.objects.create(organization=organization, key=idempotency_key, body_hash=body_hash, status_code=200, response=answer)
    return answer, False
