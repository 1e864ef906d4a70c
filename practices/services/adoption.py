import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Organization
from municipalities.services import audit_record

from ..models import Adoption, Practice


@transaction.atomic
def adoption_create(
    *,
    organization: Organization,
    practice: Practice,
    status: str,
    date: datetime.date,
    notes_ka: str = "",
    notes_en: str = "",
    actor: Actor,
) -> Adoption:
    """Record that `organization` (B) adopts `practice` of another organization (A)."""
    if practice.organization_id == organization.pk:
        raise ValidationError({"practice": [_("A municipality cannot adopt its own practice.")]})
    if Adoption.objects.filter(organization=organization, practice=practice).exists():
        raise ValidationError({"practice": [_("Your organization has already recorded this practice; change that record instead.")]})
    adoption = Adoption.objects.create(
        organization=organization, practice=practice, status=status, date=date, notes_ka=notes_ka, notes_en=notes_en,
        created_by=actor.user,
    )
    audit_record(
        organization=organization, actor=actor, action=AuditAction.ADOPTION_CREATED, target=adoption,
        data={"practice": practice.pk, "from": practice.organization.slug, "status": status},
    )
    return adoption


@transaction.atomic
def adoption_update(
    *,
    adoption: Adoption,
    status: str | None = None,
    date: datetime.date | None = None,
    notes_ka: str | None = None,
    notes_en: str | None = None,
    actor: Actor,
) -> Adoption:
    """Change status, date or notes of an adoption record; None leaves a field as it is."""
    changes = {"status": status, "date": date, "notes_ka": notes_ka, "notes_en": notes_en}
    changed = sorted(name for name, value in changes.items() if value is not None)
    for name in changed:
        setattr(adoption, name, changes[name])
    adoption.save()
    audit_record(
        organization=adoption.organization, actor=actor, action=AuditAction.ADOPTION_UPDATED, target=adoption,
        data={AUDIT_CHANGED_KEY: changed, "status": adoption.status},
    )
    return adoption


@transaction.atomic
def adoption_delete(*, adoption: Adoption, actor: Actor) -> None:
    audit_record(
        organization=adoption.organization, actor=actor, action=AuditAction.ADOPTION_DELETED, target=adoption,
        data={"practice": adoption.practice_id},
    )
    adoption.delete()
