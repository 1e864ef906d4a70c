"""Writing service descriptions and their required documents."""

from typing import NotRequired, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Organization

from ..models import ServiceDescription
from .content import content_apply_fields, content_claim_version, content_create, content_saved
from .rows import ordered_rows_sync, row_validate

# Set by content_create (a slug from the title when none is given), not by the editor.
CONTENT_MANAGED_FIELDS = ("slug", "organization", "created_by")
DOCUMENT_FIELDS = ("name_ka", "name_en")


class DocumentRow(TypedDict):
    id: NotRequired[int]
    name_ka: str
    name_en: NotRequired[str]


def _check_identifier_free(*, service: ServiceDescription) -> None:
    taken = ServiceDescription.objects.filter(organization=service.organization_id, identifier=service.identifier)
    if taken.exclude(pk=service.pk).exists():
        raise ValidationError({"identifier": _("Your organization already has a service with this identifier.")})


@transaction.atomic
def service_description_create(
    *,
    organization: Organization,
    fields: dict,
    required_documents: list[DocumentRow] | None = None,
    actor: Actor,
) -> ServiceDescription:
    """A draft description; the owner municipality is its competent authority."""
    draft = ServiceDescription(organization=organization, **fields)
    row_validate(row=draft, exclude=CONTENT_MANAGED_FIELDS)
    _check_identifier_free(service=draft)
    # clean() puts channels in their canonical order.
    fields = {**fields, "channels": draft.channels}
    service = content_create(model=ServiceDescription, organization=organization, fields=fields, actor=actor)
    ordered_rows_sync(
        manager=service.required_documents, rows=required_documents or [], fields=DOCUMENT_FIELDS, path="required_documents"
    )
    content_saved(
        item=service, action=AuditAction.CONTENT_CREATED, actor=actor, data={"title_ka": service.title_ka}
    )
    return service


@transaction.atomic
def service_description_update(
    *,
    service: ServiceDescription,
    fields: dict,
    required_documents: list[DocumentRow] | None = None,
    expected_version: int | None = None,
    actor: Actor,
) -> ServiceDescription:
    content_claim_version(item=service, actor=actor, expected_version=expected_version)
    changed = content_apply_fields(item=service, fields=fields)
    row_validate(row=service, exclude=CONTENT_MANAGED_FIELDS)
    _check_identifier_free(service=service)
    service.save()
    if required_documents is not None:
        ordered_rows_sync(
            manager=service.required_documents, rows=required_documents, fields=DOCUMENT_FIELDS, path="required_documents"
        )
        changed.append("required_documents")
    content_saved(item=service, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: changed})
    return service


def split_service_data(data: dict) -> tuple[dict, list | None]:
    """Scalar fields, and the required documents the service writes as rows (None: leave them)."""
    return data, data.pop("required_documents", None)
