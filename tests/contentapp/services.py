"""Note services: built only from practices.services.content helpers."""

from django.db import transaction

from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from practices.services.content import (
    content_apply_fields,
    content_claim_version,
    content_create,
    content_saved,
)

from .models import Note


@transaction.atomic
def note_create(*, organization, actor, **fields) -> Note:
    note = content_create(model=Note, organization=organization, fields=fields, actor=actor)
    content_saved(item=note, action=AuditAction.CONTENT_CREATED, actor=actor, data={"slug": note.slug})
    return note


@transaction.atomic
def note_update(*, note: Note, actor, expected_version=None, **fields) -> Note:
    if not fields.get("slug"):
        fields.pop("slug", None)  # a form left blank keeps the address
    content_claim_version(item=note, actor=actor, expected_version=expected_version)
    changed = content_apply_fields(item=note, fields=fields)
    note.save()
    content_saved(item=note, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: sorted(changed)})
    return note
