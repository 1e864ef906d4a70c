"""The workflow every content type shares: create, change, publish, archive, delete, attachments.

Type services (practice.py, action_plan.py, …) set their own fields and rows
and call these helpers, so every type gets the same versioning, revisions,
audit entries and search indexing.

Concurrency: `content_claim_version` bumps the version with a conditional
UPDATE … WHERE version = expected. The database applies one such UPDATE at a
time per row, so of two writers holding the same version exactly one wins and
the other gets PreconditionFailed before it has changed anything.
"""

import difflib
from dataclasses import dataclass

from anyascii import anyascii
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from hub.api.errors import PreconditionFailed
from municipalities.models import ApiKey, Organization
from municipalities.services import audit_record
from search import index as search_index

from ..models import Attachment, Content, ContentStatus, Revision
from ..uploads import check_upload


def content_unique_slug(*, model: type[Content], organization: Organization, title: str) -> str:
    """A slug for `title`, unique among the organization's items of this type."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify(anyascii(title))[: max_length - 8].strip("-") or model._meta.model_name
    taken = set(
        model.objects.filter(organization=organization, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def content_claim_version(*, item: Content, expected_version: int | None) -> None:
    """Bump the stored version, or raise PreconditionFailed if it is no longer `expected_version`.

    Without an expected version (no If-Match) the write is unconditional; it
    still bumps the version so readers' ETags change.
    """
    rows = type(item).objects.filter(pk=item.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        raise PreconditionFailed()
    item.refresh_from_db(fields=["version", "updated_at"])


def content_apply_fields(*, item: Content, fields: dict) -> list[str]:
    """Set the scalar fields that changed; returns their names."""
    changed = []
    for name, value in fields.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def content_create(
    *, model: type[Content], organization: Organization, fields: dict, actor=None, api_key: ApiKey | None = None
) -> Content:
    """Create a draft item with its scalar fields; the type service adds relations and the audit entry."""
    fields = dict(fields)
    if not fields.get("slug"):
        fields["slug"] = content_unique_slug(model=model, organization=organization, title=fields.get("title_en") or fields["title_ka"])
    return model.objects.create(
        organization=organization,
        status=ContentStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )


def content_saved(*, item: Content, action: str, actor=None, api_key: ApiKey | None = None, data: dict | None = None) -> None:
    """Finish a type service's write: its audit entry, and search catches up once the transaction commits."""
    audit_record(organization=item.organization, actor=actor, api_key=api_key, action=action, target=item, data=data)
    search_index.index_object(item)


@transaction.atomic
def content_publish(*, item: Content, actor=None, api_key: ApiKey | None = None, expected_version: int | None = None) -> Content:
    """Publish a draft or archived item (or republish a changed one) and keep a revision of it."""
    content_claim_version(item=item, expected_version=expected_version)
    item.status = ContentStatus.PUBLISHED
    if item.published_at is None:
        item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    revision = revision_create(item=item, actor=actor)
    content_saved(
        item=item, action="content.published", actor=actor, api_key=api_key,
        data={"type": item._meta.model_name, "revision": revision.number, "version": item.version},
    )
    return item


@transaction.atomic
def content_archive(
    *, item: Content, actor=None, api_key: ApiKey | None = None, moderation: bool = False, expected_version: int | None = None
) -> Content:
    """Archive an item: by its owner, or by a NALA admin as moderation (recorded as such)."""
    content_claim_version(item=item, expected_version=expected_version)
    item.status = ContentStatus.ARCHIVED
    item.save(update_fields=["status", "updated_at"])
    content_saved(
        item=item, action="content.archived", actor=actor, api_key=api_key,
        data={"type": item._meta.model_name, "moderation": moderation},
    )
    return item


@transaction.atomic
def content_delete(*, item: Content, actor=None, api_key: ApiKey | None = None, expected_version: int | None = None) -> None:
    content_claim_version(item=item, expected_version=expected_version)
    audit_record(
        organization=item.organization, actor=actor, api_key=api_key, action="content.deleted", target=item,
        data={"type": item._meta.model_name, "title_ka": item.title_ka},
    )
    attachments = list(item.attachments.all())
    item.revisions.all().delete()
    item.attachments.all().delete()
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: [attachment.file.delete(save=False) for attachment in attachments])
    search_index.remove_object(item._meta.model_name, item.pk)
    item.delete()


def revision_create(*, item: Content, actor=None) -> Revision:
    last = item.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return Revision.objects.create(
        item=item, number=last + 1, snapshot=item.snapshot(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object
    diff: list[str]


def _as_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(_as_text(entry) for entry in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {entry}" for key, entry in value.items())
    return "" if value is None else str(value)


def revision_diff(*, item: Content, before: Revision, after: Revision) -> list[FieldChange]:
    """What changed between two revisions of `item`, field by field (unified diff lines per field)."""
    if before.object_id != item.pk or after.object_id != item.pk:
        raise ValueError("Both revisions must belong to the item.")
    old, new = before.snapshot, after.snapshot
    changes = []
    for field in sorted(set(old) | set(new)):
        if old.get(field) == new.get(field):
            continue
        lines = list(
            difflib.unified_diff(
                _as_text(old.get(field)).splitlines(), _as_text(new.get(field)).splitlines(),
                fromfile=f"#{before.number}", tofile=f"#{after.number}", lineterm="", n=2,
            )
        )
        changes.append(FieldChange(field=field, before=old.get(field), after=new.get(field), diff=lines))
    return changes


@transaction.atomic
def attachment_add(
    *, item: Content, upload: UploadedFile, title: str = "", actor=None, api_key: ApiKey | None = None
) -> Attachment:
    """Store a checked upload for the item; raises ValidationError on the `file` field otherwise."""
    checked = check_upload(upload)
    content_claim_version(item=item, expected_version=None)
    attachment = Attachment(
        organization=item.organization,
        item=item,
        storage_key=checked.storage_key,
        original_name=checked.original_name,
        title=title,
        mime_type=checked.mime_type,
        size=checked.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(checked.storage_key, upload, save=False)
    try:
        attachment.save()
        audit_record(
            organization=item.organization, actor=actor, api_key=api_key, action="content.attachment_added",
            target=item, data={"attachment": attachment.pk, "name": checked.original_name, "mime_type": checked.mime_type},
        )
    except Exception:
        # The row failed, so the stored file would be an orphan nobody can reach.
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor=None, api_key: ApiKey | None = None) -> None:
    item = attachment.item
    content_claim_version(item=item, expected_version=None)
    audit_record(
        organization=attachment.organization, actor=actor, api_key=api_key, action="content.attachment_removed",
        target=item, data={"attachment": attachment.pk, "name": attachment.original_name},
    )
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
