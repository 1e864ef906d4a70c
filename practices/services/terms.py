from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.services import audit_record

from ..models import Term


@transaction.atomic
def term_create(*, vocabulary: str, slug: str, name_ka: str, name_en: str = "", position: int = 0, actor: Actor) -> Term:
    """Add an entry to a managed list (NALA admins)."""
    if Term.objects.filter(vocabulary=vocabulary, slug=slug).exists():
        raise ValidationError({"slug": [_("This list already has an entry “%(slug)s”.") % {"slug": slug}]})
    term = Term.objects.create(vocabulary=vocabulary, slug=slug, name_ka=name_ka, name_en=name_en, position=position)
    audit_record(organization=None, actor=actor, action=AuditAction.TERM_CREATED, target=term, data={"vocabulary": vocabulary, "slug": slug})
    return term


@transaction.atomic
def term_update(*, term: Term, actor: Actor, **fields) -> Term:
    """Rename, reorder or retire an entry; its slug stays, so links and filters keep working."""
    for name, value in fields.items():
        setattr(term, name, value)
    term.save()
    audit_record(organization=None, actor=actor, action=AuditAction.TERM_UPDATED, target=term, data={AUDIT_CHANGED_KEY: sorted(fields)})
    return term
