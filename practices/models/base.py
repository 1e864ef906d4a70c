"""What every published item shares: owner, bilingual title, workflow, revisions, attachments.

Each content type (practice, action plan, training module/session, service
description) is a concrete subclass of `Content`. Revisions and attachments
point at any content item through a generic relation, so history and files
work the same way for all of them (and later for harvested items).
"""

import json

from django.apps import apps

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization, in_language


class Vocabulary(models.TextChoices):
    THEME = "theme", _("Practice theme")
    TRAINING_DIRECTION = "training_direction", _("Training direction")
    SERVICE_CATEGORY = "service_category", _("Service category")


class Term(models.Model):
    """An entry of a managed list (themes, training directions, service categories), edited by NALA admins."""

    vocabulary = models.CharField(_("list"), max_length=32, choices=Vocabulary.choices, db_index=True)
    slug = models.SlugField(_("slug"), max_length=80)
    name_ka = models.CharField(_("name (Georgian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["vocabulary", "position", "name_ka"]
        verbose_name = _("list entry")
        verbose_name_plural = _("managed lists")
        constraints = [models.UniqueConstraint(fields=["vocabulary", "slug"], name="term_unique_slug_per_vocabulary")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class ContentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class LockKind(models.TextChoices):
    HARVESTED = "harvested", _("Harvested from a portal")
    UNDER_REVIEW = "under_review", _("Under review")


# Why a locked item cannot be changed here; %(source)s is the portal or the call.
LOCK_REASONS = {
    LockKind.HARVESTED: _("Harvested from %(source)s: edit it there."),
    LockKind.UNDER_REVIEW: _("Under review in %(source)s: it cannot be changed until the review ends."),
}


class Content(models.Model):
    """Abstract base of every content item owned by one organization.

    Concrete types may live in any app: related names, constraint and index
    names carry the app label, and `content_models()` finds them all.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="%(app_label)s_%(class)ss"
    )
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ContentStatus.choices, default=ContentStatus.DRAFT, db_index=True
    )
    title_ka = models.CharField(_("title (Georgian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    # Bumped by every change; the API's ETag is built from it.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)

    # A system actor (a harvest source, a competition call) may lock an item: then only it writes.
    lock_owner = models.CharField(max_length=120, blank=True, default="", editable=False)
    lock_kind = models.CharField(max_length=16, choices=LockKind.choices, blank=True, default="", editable=False)
    lock_source = models.CharField(max_length=300, blank=True, default="", editable=False)

    revisions = GenericRelation("practices.Revision")
    attachments = GenericRelation("practices.Attachment")

    class Meta:
        abstract = True
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="%(app_label)s_%(class)s_unique_slug_per_organization")
        ]
        # Unnamed: Django names it after the table, which carries the app label.
        indexes = [models.Index(fields=["status", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def is_published(self) -> bool:
        return self.status == ContentStatus.PUBLISHED

    @property
    def is_locked(self) -> bool:
        return bool(self.lock_owner)

    @property
    def lock_reason(self) -> str:
        """Why the item cannot be changed here, in the active language ("" when unlocked)."""
        if not self.lock_owner:
            return ""
        return LOCK_REASONS[LockKind(self.lock_kind)] % {"source": self.lock_source}

    def check_invariants(self) -> None:
        """Raise ValidationError (with field messages) if the item breaks a rule of its type.

        Services call it before every save, so content that arrives by form, API,
        push or harvest obeys the same rules; types state their rules in `clean()`.
        """
        self.clean()

    def search_text(self) -> str:
        """The text search indexes besides the titles; types add their descriptions."""
        return ""

    def bilingual_text(self, *names: str) -> str:
        """The Georgian and English values of bilingual fields, one per line (for search_text)."""
        return "\n".join(getattr(self, f"{name}_{language}") for name in names for language in ("ka", "en"))

    def search_tags(self) -> list[str]:
        """Slugs search can filter on (themes, categories, directions)."""
        return []

    def page_url(self, page: str = "detail") -> str:
        """One of the item's web pages, named `<model_name>-<page>`: detail, edit, publish, archive, history, attach."""
        return reverse(f"{self._meta.model_name}-{page}", args=[self.organization.slug, self.slug])

    def get_absolute_url(self) -> str:
        return self.page_url("detail")

    # Fields a revision snapshot leaves out: bookkeeping, not content.
    SNAPSHOT_EXCLUDE = frozenset(
        {"id", "version", "created_by", "created_at", "updated_at", "published_at", "status", "lock_owner", "lock_kind", "lock_source"}
    )

    def snapshot(self) -> dict:
        """The item's content as JSON, kept in a revision at each publish.

        Types with nested rows (activity plans, indicators, …) extend this and
        add their rows as lists of dicts; many-to-many fields appear as lists of
        slugs (terms) or ids.
        """
        data = {
            field.name: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in self.SNAPSHOT_EXCLUDE
        }
        data["organization"] = self.organization.slug
        for field in self._meta.many_to_many:
            related = getattr(self, field.name).all()
            data[field.name] = sorted(getattr(obj, "slug", obj.pk) for obj in related)
        # Dates and decimals become strings, as JSONField would store them.
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def content_models() -> list[type[Content]]:
    """Every concrete content type of every installed app."""
    return [model for model in apps.get_models() if issubclass(model, Content)]


class Revision(models.Model):
    """A snapshot of an item taken at each publish, so readers can compare what changed."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


def attachment_storage() -> Storage:
    """Where attachment files live: settings.STORAGES["attachments"], a private location
    (a directory or bucket that no web server exposes); only the permission-checked
    download view delivers the files."""
    return storages["attachments"]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never reuses the uploader's file name (it may carry anything).
    return f"attachments/{instance.organization_id}/{instance.content_type_id}/{instance.object_id}/{instance.storage_key}"


class Attachment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="attachments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=attachment_storage, max_length=300)
    storage_key = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    title = models.CharField(_("title"), max_length=255, blank=True)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title or self.original_name


class OrganizationDataPolicy(models.Model):
    """How an organization licenses the open data the hub publishes for it (DCAT-AP catalogue)."""

    DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"

    organization = models.OneToOneField(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="data_policy"
    )
    licence_url = models.URLField(_("licence"), default=DEFAULT_LICENCE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("open data licence")
        verbose_name_plural = _("open data licences")

    def __str__(self) -> str:
        return f"{self.organization}: {self.licence_url}"
