"""The workflow every content type shares: create, change, publish, archive, delete, attachments.

Type services (practice.py, action_plan.py, …) set their own fields and rows
and call these helpers, so every type gets the same versioning, revisions,
audit entries and search indexing.

Concurrency: `content_claim_version` bumps the version with a conditional
UPDATE … WHERE version = expected. The database applies one such UPDATE at a
time per row, so of two writers holding the same version exactly one wins and
the other gets StaleVersion before it has changed anything.

Locks: the same UPDATE admits only writers allowed past the item's lock, so
a harvested item (locked by its source) or an application under review
(locked by its call) refuses every other writer with ContentLocked and the
reason, whatever path the write came by: API, web form or another service.
"""

import difflib
from dataclasses import dataclass

from anyascii import anyascii
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.errors import Conflict, ContentLocked, NotAllowed, StaleVersion
from municipalities.actors import Actor
from municipalities.audit import AuditAction
from municipalities.models import Organization
from municipalities.services import audit_record
from search import updates as search_updates

from ..models import Attachment, Content, ContentStatus, LockKind, Revision
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


def content_check_unlocked(*, item: Content, actor: Actor) -> None:
    """Refuse early, with the reason, when `item` is locked by someone other than `actor`."""
    if item.lock_owner and item.lock_owner != actor.system_name:
        raise ContentLocked(item.lock_reason)


def content_claim_version(*, item: Content, actor: Actor, expected_version: int | None) -> None:
    """Bump the stored version, or refuse: ContentLocked if another actor holds the item's lock,
    StaleVersion if it is no longer `expected_version`.

    Without an expected version (no If-Match) the write is unconditional; it
    still bumps the version so readers' ETags change.
    """
    model = type(item)
    rows = model.objects.filter(pk=item.pk, lock_owner__in=["", actor.system_name] if actor.is_system else [""])
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        item.refresh_from_db(fields=["lock_owner", "lock_kind", "lock_source"])
        content_check_unlocked(item=item, actor=actor)
        raise StaleVersion()
    item.refresh_from_db(fields=["version", "updated_at"])


def content_apply_fields(*, item: Content, fields: dict) -> list[str]:
    """Set the scalar fields that changed and check the type's invariants; returns the changed names."""
    changed = []
    for name, value in fields.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    item.check_invariants()
    return changed


@transaction.atomic
def content_create(
    *, model: type[Content], organization: Organization, fields: dict, actor: Actor
) -> Content:
    """Create a draft item with its scalar fields; the type service adds relations and the audit entry."""
    fields = dict(fields)
    if not fields.get("slug"):
        fields["slug"] = content_unique_slug(model=model, organization=organization, title=fields.get("title_en") or fields["title_ka"])
    item = model(organization=organization, status=ContentStatus.DRAFT, created_by=actor.user, **fields)
    item.check_invariants()
    item.save(force_insert=True)
    return item


def content_saved(*, item: Content, action: AuditAction, actor: Actor, data: dict | None = None) -> None:
    """Finish a type service's write: its audit entry (naming the type), and search catches up on commit."""
    audit_record(
        organization=item.organization, actor=actor, action=action, target=item,
        data={"type": item._meta.model_name, **(data or {})},
    )
    search_updates.index_object(item)


@transaction.atomic
def content_publish(*, item: Content, actor: Actor, expected_version: int | None = None) -> Content:
    """Publish a draft or archived item (or republish a changed one) and keep a revision of it."""
    content_claim_version(item=item, actor=actor, expected_version=expected_version)
    item.status = ContentStatus.PUBLISHED
    if item.published_at is None:
        item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    revision = revision_create(item=item, actor=actor)
    content_saved(
        item=item, action=AuditAction.CONTENT_PUBLISHED, actor=actor,
        data={"revision": revision.number, "version": item.version},
    )
    return item


@transaction.atomic
def content_archive(
    *, item: Content, actor: Actor, moderation: bool = False, expected_version: int | None = None
) -> Content:
    """Archive an item: by its owner, or by a NALA admin as moderation (recorded as such)."""
    content_claim_version(item=item, actor=actor, expected_version=expected_version)
    item.status = ContentStatus.ARCHIVED
    item.save(update_fields=["status", "updated_at"])
    content_saved(
        item=item, action=AuditAction.CONTENT_ARCHIVED, actor=actor,
        data={"moderation": moderation},
    )
    return item


@transaction.atomic
def content_delete(*, item: Content, actor: Actor, expected_version: int | None = None) -> None:
    content_claim_version(item=item, actor=actor, expected_version=expected_version)
    audit_record(
        organization=item.organization, actor=actor, action=AuditAction.CONTENT_DELETED, target=item,
        # Whether it was ever public: feeds announce the deletion of those only, never of a private draft.
        data={"type": item._meta.model_name, "title_ka": item.title_ka, "published": item.published_at is not None},
    )
    attachments = list(item.attachments.all())
    item.revisions.all().delete()
    item.attachments.all().delete()
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: [attachment.file.delete(save=False) for attachment in attachments])
    search_updates.remove_object(item._meta.model_name, item.pk)
    try:
        item.delete()
    except ProtectedError as error:
        # Other records stand on it (a tour's dates and bookings): the whole delete rolls back.
        raise Conflict(_("Other records depend on this item, so it cannot be deleted; archive it instead.")) from error


@transaction.atomic
def content_lock(*, item: Content, actor: Actor, kind: LockKind, source: str) -> Content:
    """Lock `item` to a system actor: from now on only that actor writes it (or unlocks it).

    `source` names the portal or the call in the reason others are shown.
    """
    if not actor.is_system:
        raise NotAllowed(_("Only the hub itself (a harvest source, a competition call) can lock content."))
    content_claim_version(item=item, actor=actor, expected_version=None)
    item.lock_owner, item.lock_kind, item.lock_source = actor.system_name, LockKind(kind), source
    item.save(update_fields=["lock_owner", "lock_kind", "lock_source", "updated_at"])
    audit_record(
        organization=item.organization, actor=actor, action=AuditAction.CONTENT_LOCKED, target=item,
        data={"type": item._meta.model_name, "kind": item.lock_kind, "source": source},
    )
    return item


@transaction.atomic
def content_unlock(*, item: Content, actor: Actor) -> Content:
    """Release the lock; only its owner can."""
    content_claim_version(item=item, actor=actor, expected_version=None)
    if not item.lock_owner:
        return item
    item.lock_owner, item.lock_kind, item.lock_source = "", "", ""
    item.save(update_fields=["lock_owner", "lock_kind", "lock_source", "updated_at"])
    audit_record(
        organization=item.organization, actor=actor, action=AuditAction.CONTENT_UNLOCKED, target=item,
        data={"type": item._meta.model_name},
    )
    return item


def revision_create(*, item: Content, actor: Actor) -> Revision:
    last = item.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return Revision.objects.create(
        item=item, number=last + 1, snapshot=item.snapshot(),
        created_by=actor.user,
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
    *, item: Content, upload: UploadedFile, title: str = "", actor: Actor
) -> Attachment:
    """Store a checked upload for the item; raises ValidationError on the `file` field otherwise."""
    checked = check_upload(upload)
    content_claim_version(item=item, actor=actor, expected_version=None)
    attachment = Attachment(
        organization=item.organization,
        item=item,
        storage_key=checked.storage_key,
        original_name=checked.original_name,
        title=title,
        mime_type=checked.mime_type,
        size=checked.size,
        uploaded_by=actor.user,
    )
    attachment.file.save(checked.storage_key, upload, save=False)
    try:
        attachment.save()
        audit_record(
            organization=item.organization, actor=actor, action=AuditAction.CONTENT_ATTACHMENT_ADDED,
            target=item, data={"attachment": attachment.pk, "name": checked.original_name, "mime_type": checked.mime_type},
        )
    except Exception:
        # The row failed, so the stored file would be an orphan nobody can reach.
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: Actor) -> None:
    item = attachment.item
    content_claim_version(item=item, actor=actor, expected_version=None)
    audit_record(
        organization=attachment.organization, actor=actor, action=AuditAction.CONTENT_ATTACHMENT_REMOVED,
        target=item, data={"attachment": attachment.pk, "name": attachment.original_name},
    )
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
