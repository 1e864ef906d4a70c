"""Federation: the portals the hub harvests (sources), each harvest (runs, their errors), and provenance.

A `Source` belongs to one organization and names its connector by kind
(`sync.connectors`). Each harvest is a `Run`; the database admits one queued or
running run per source (a partial unique constraint), so a second trigger is
refused however it arrives. `HarvestedItem` ties an item of a content model to
the source and the portal's external id; `(source, external_id)` is unique, so
the same item can never be imported twice.
"""

import base64
import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization
from practices.models import Term

from .connectors.base import web_url


class Schedule(models.TextChoices):
    MANUAL = "manual", _("Manual only")
    HOURLY = "hourly", _("Every hour")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")


class Language(models.TextChoices):
    KA = "ka", _("Georgian")
    EN = "en", _("English")


def _fernet():
    from cryptography.fernet import Fernet

    key = getattr(settings, "SYNC_CREDENTIALS_KEY", "") or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"sync-credentials:{key}".encode()).digest()))


# The kind of the organization's one push source (made by the push API, never harvested); the only way to tell it.
PUSH_CONNECTOR = "push"


class Source(models.Model):
    """A portal the hub harvests (or that pushes to it), owned by one organization."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="sync_sources"
    )
    name = models.CharField(_("portal name"), max_length=200)
    connector = models.CharField(_("connector"), max_length=40)
    url = models.URLField(_("address"), max_length=500, blank=True)
    schedule = models.CharField(_("schedule"), max_length=16, choices=Schedule.choices, default=Schedule.DAILY)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Mapping: what the portal's items become here.
    content_type = models.CharField(_("items become"), max_length=60, default="practice")
    default_theme = models.ForeignKey(
        Term, verbose_name=_("default theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language of the portal"), max_length=2, choices=Language.choices, default=Language.KA)
    # The connector's own settings (e.g. a WordPress category → content type mapping).
    options = models.JSONField(_("connector options"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    paused_reason = models.CharField(max_length=300, blank=True, default="", editable=False)
    # Credentials: a user name with a secret encrypted at rest, or the name of a setting holding "user:secret".
    credential_username = models.CharField(_("user name"), max_length=200, blank=True)
    credential_secret = models.TextField(blank=True, default="", editable=False)
    credential_setting = models.CharField(_("credentials setting"), max_length=100, blank=True)
    # Where the next incremental run resumes (the connector's cursor, ETag, …).
    cursor = models.JSONField(default=dict, blank=True, editable=False)
    # Bumped whenever the cursor is reset (another address or connector): a run started before only writes its
    # cursor while this is unchanged, so it never puts the old portal's position back.
    cursor_generation = models.PositiveIntegerField(default=0, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name_ka", "name", "id"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="sync_source_unique_name_per_organization"),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(connector=PUSH_CONNECTOR), name="sync_source_one_push_source_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def system_name(self) -> str:
        """The system actor a run of this source acts as; it owns the locks on the source's items."""
        return f"sync.source:{self.pk}"

    @property
    def has_credentials(self) -> bool:
        return bool(self.credential_secret or self.credential_setting)

    @property
    def credential_setting_allowed(self) -> bool:
        return self.credential_setting in settings.SYNC_CREDENTIAL_SETTINGS

    def set_secret(self, secret: str) -> None:
        self.credential_secret = _fernet().encrypt(secret.encode()).decode() if secret else ""

    def credentials(self) -> tuple[str, str] | None:
        """(user, secret) for the connector, decrypted only here; None when the portal is public."""
        if self.credential_setting:
            # Checked again here: a row saved before the operators narrowed the allow-list must not send a secret.
            value = getattr(settings, self.credential_setting, "") if self.credential_setting_allowed else ""
            user, _sep, secret = str(value).partition(":")
            return (user, secret) if value else None
        if self.credential_secret:
            return (self.credential_username, _fernet().decrypt(self.credential_secret.encode()).decode())
        return None


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    MANUAL = "manual", _("Manual")
    PUSH = "push", _("Push")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    PARTIALLY_FAILED = "partially_failed", _("Partially failed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)
COUNTS = ("fetched", "created", "updated", "unchanged", "withdrawn", "invalid")


class Run(models.Model):
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(_("trigger"), max_length=16, choices=RunTrigger.choices)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    full = models.BooleanField(_("full run"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    # Why the run failed or stopped, for people (in the language of the moment it was written).
    message = models.TextField(_("message"), blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        constraints = [
            # One run at a time per source, held by the database whatever path the trigger takes.
            models.UniqueConstraint(
                fields=["source"], condition=Q(status__in=["queued", "running"]), name="sync_run_one_active_per_source"
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.source} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def duration(self):
        if self.started_at is None:
            return None
        return (self.finished_at or self.heartbeat_at or self.started_at) - self.started_at

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.withdrawn + self.invalid


class RunStage(models.TextChoices):
    GATHER = "gather", _("Gather")
    FETCH = "fetch", _("Fetch")
    VALIDATE = "validate", _("Validate")
    IMPORT = "import", _("Import")


class RunError(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="errors")
    external_id = models.CharField(_("external id"), max_length=300, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=RunStage.choices)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("harvest error")
        verbose_name_plural = _("harvest errors")

    def __str__(self) -> str:
        return f"{self.external_id}: {self.message[:80]}"


class HarvestedItem(models.Model):
    """Provenance: which source an item came from, under which external id, and what it was last time."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    external_id = models.CharField(max_length=300)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    content_hash = models.CharField(max_length=64)
    url = models.URLField(_("original address"), max_length=1000, blank=True)
    # The first publisher when the portal itself harvested the item ("" = the portal is the origin).
    origin = models.CharField(max_length=1000, blank=True, default="")
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("harvested item")
        verbose_name_plural = _("harvested items")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="sync_harvested_item_unique_external_id")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.external_id}"

    @property
    def origin_url(self) -> str:
        """The address the item's page links to as its origin: only an http(s) one, whatever the row holds."""
        return web_url(self.origin) or web_url(self.url)


class IdempotentPush(models.Model):
    """The first answer to a push under an Idempotency-Key, returned again to every retry."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="sync_push_unique_idempotency_key")
        ]
