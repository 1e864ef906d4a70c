"""Writing training modules (content) and sessions (owned by their host organization)."""

from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Organization
from municipalities.services import audit_record

from ..models import SessionParticipation, TrainingModule, TrainingSession
from .content import content_apply_fields, content_claim_version, content_create, content_saved
from .rows import row_validate

# Set by content_create (a slug from the title when none is given), not by the editor.
CONTENT_MANAGED_FIELDS = ("slug", "organization", "created_by")


class ParticipationRow(TypedDict):
    organization: Organization
    count: int


@transaction.atomic
def training_module_create(
    *, organization: Organization, fields: dict, actor: Actor
) -> TrainingModule:
    row_validate(row=TrainingModule(organization=organization, **fields), exclude=CONTENT_MANAGED_FIELDS)
    module = content_create(model=TrainingModule, organization=organization, fields=fields, actor=actor)
    content_saved(item=module, action=AuditAction.CONTENT_CREATED, actor=actor, data={"title_ka": module.title_ka})
    return module


@transaction.atomic
def training_module_update(
    *,
    module: TrainingModule,
    fields: dict,
    expected_version: int | None = None,
    actor: Actor,
) -> TrainingModule:
    content_claim_version(item=module, actor=actor, expected_version=expected_version)
    changed = content_apply_fields(item=module, fields=fields)
    row_validate(row=module, exclude=CONTENT_MANAGED_FIELDS)
    module.save()
    content_saved(item=module, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: changed})
    return module


def _session_check(*, session: TrainingSession, participations: list[ParticipationRow] | None) -> None:
    row_validate(row=session, exclude=("organization", "module", "created_by"))
    module = session.module
    if not module.is_published and module.organization_id != session.organization_id:
        raise ValidationError({"module": _("Sessions can only be added to a published module or to your organization's own.")})
    if participations is None:
        # Unchanged participants must still fit a capacity that may have shrunk.
        counts = list(session.participations.values_list("organization_id", "count"))
    else:
        counts = [(row["organization"].pk, row["count"]) for row in participations]
    organizations = [organization_id for organization_id, _count in counts]
    if len(organizations) != len(set(organizations)):
        raise ValidationError({"participations": _("Each organization may appear only once in a session.")})
    total = sum(count for _organization_id, count in counts)
    if total > session.capacity:
        raise ValidationError(
            {
                "participations": _("%(total)d participants exceed the session's capacity of %(capacity)d.")
                % {"total": total, "capacity": session.capacity}
            }
        )


def _session_set_participations(*, session: TrainingSession, participations: list[ParticipationRow]) -> None:
    session.participations.all().delete()
    SessionParticipation.objects.bulk_create(
        SessionParticipation(session=session, organization=row["organization"], count=row["count"]) for row in participations
    )


def _session_audit_data(session: TrainingSession) -> dict:
    return {"module": session.module_id, "starts_on": session.starts_on.isoformat(), "capacity": session.capacity}


@transaction.atomic
def training_session_create(
    *,
    organization: Organization,
    module: TrainingModule,
    fields: dict,
    participations: list[ParticipationRow] | None = None,
    actor: Actor,
) -> TrainingSession:
    """A session hosted by `organization`; participants per organization may not exceed its capacity."""
    participations = participations or []
    session = TrainingSession(
        organization=organization,
        module=module,
        created_by=actor.user,
        **fields,
    )
    _session_check(session=session, participations=participations)
    session.save()
    _session_set_participations(session=session, participations=participations)
    audit_record(
        organization=organization, actor=actor, action=AuditAction.TRAINING_SESSION_CREATED,
        target=session, data=_session_audit_data(session),
    )
    return session


@transaction.atomic
def training_session_update(
    *,
    session: TrainingSession,
    fields: dict,
    participations: list[ParticipationRow] | None = None,
    actor: Actor,
) -> TrainingSession:
    """Change a session; `participations` (when given) replaces the list."""
    for name, value in fields.items():
        setattr(session, name, value)
    _session_check(session=session, participations=participations)
    session.save()
    if participations is not None:
        _session_set_participations(session=session, participations=participations)
    audit_record(
        organization=session.organization, actor=actor, action=AuditAction.TRAINING_SESSION_UPDATED,
        target=session, data={**_session_audit_data(session), AUDIT_CHANGED_KEY: sorted(fields)},
    )
    return session


@transaction.atomic
def training_session_delete(*, session: TrainingSession, actor: Actor) -> None:
    audit_record(
        organization=session.organization, actor=actor, action=AuditAction.TRAINING_SESSION_DELETED,
        target=session, data=_session_audit_data(session),
    )
    session.delete()
