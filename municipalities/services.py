"""Writes to tenancy data. Each service runs in one transaction with its audit entry.

Authorization (who may call which service for which organization) is checked
once, by the API permission classes and the web views; the services guard
the invariants that hold whoever calls them (an organization always keeps an
administrator, NALA-only roles stay in NALA, invitations are single-use).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub.api import caching
from hub.errors import NotAllowed

from .actors import Actor
from .audit import AuditAction
from .models import (
    ApiKey,
    AuditEntry,
    Invitation,
    Membership,
    Organization,
    User,
    hash_secret,
)

# last_used_at is for people; writing it on every request would turn reads into writes.
API_KEY_LAST_USED_RESOLUTION = timedelta(minutes=1)


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    organization: Organization | None,
    target: Model | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry; callers run inside their own transaction."""
    if not isinstance(actor, Actor):
        raise TypeError(f"audit_record needs an Actor, not {type(actor).__name__}.")
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor.user,
        api_key=actor.api_key,
        system_actor=actor.system_name,
        action=AuditAction(action),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


def audit_record_many(
    *,
    actor: Actor,
    action: AuditAction,
    organization: Organization | None,
    entries: list[tuple[Model, dict]],
) -> list[AuditEntry]:
    """One audit entry per (target, data) in one INSERT: for services that write many items at once (a harvest page)."""
    if not isinstance(actor, Actor):
        raise TypeError(f"audit_record_many needs an Actor, not {type(actor).__name__}.")
    action = AuditAction(action)
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            organization=organization, actor=actor.user, api_key=actor.api_key, system_actor=actor.system_name,
            action=action, target_type=target._meta.label_lower, target_id=str(target.pk), data=data,
        )
        for target, data in entries
    )


def _check_role_allowed(*, organization: Organization, role: str) -> None:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("“%(role)s” is not a role.") % {"role": role}}, code="invalid_role")
    if role in Membership.NALA_ONLY_ROLES and not organization.is_nala:
        raise ValidationError(
            {"role": _("Only NALA gives the competition manager and reviewer roles.")}, code="nala_only_role"
        )


def _check_keeps_an_admin(*, membership: Membership) -> None:
    """Refuse to leave the organization without an administrator.

    The admins' rows are locked so two admins demoting each other at the same
    moment cannot both succeed.
    """
    admins = list(
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(
            _(
                "%(user)s is the last administrator of %(organization)s; make another member an administrator first."
            )
            % {"user": membership.user.email, "organization": membership.organization.name},
            code="last_admin",
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: Actor) -> Membership:
    _check_role_allowed(organization=membership.organization, role=role)
    previous = membership.role
    if previous == role:
        return membership
    if previous == Membership.Role.ADMIN:
        _check_keeps_an_admin(membership=membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        organization=membership.organization,
        actor=actor,
        action=AuditAction.MEMBERSHIP_ROLE_CHANGED,
        target=membership,
        data={"email": membership.user.email, "from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Actor) -> None:
    if membership.role == Membership.Role.ADMIN:
        _check_keeps_an_admin(membership=membership)
    audit_record(
        organization=membership.organization,
        actor=actor,
        action=AuditAction.MEMBERSHIP_REMOVED,
        target=membership,
        data={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


def invitation_accept_url(*, token: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("invitation-accept", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def _invitation_send(*, invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "organization_name": invitation.organization.name,
        "role": invitation.get_role_display(),
        "accept_url": invitation_accept_url(token=token),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    # Rendered now, in the inviter's language; sent only once the invitation is committed.
    subject = render_to_string("municipalities/email/invitation_subject.txt", context).strip()
    body = render_to_string("municipalities/email/invitation_message.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))


@transaction.atomic
def invitation_create(*, organization: Organization, email: str, role: str, actor: Actor) -> tuple[Invitation, str]:
    """Invite `email` with `role`; returns the invitation and its single-use token."""
    _check_role_allowed(organization=organization, role=role)
    email = User.objects.normalize_email(email).strip()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already a member of %(organization)s.") % {"email": email, "organization": organization.name}},
            code="already_member",
        )
    pending = organization.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if pending.exists():
        raise ValidationError(
            {"email": _("%(email)s already has a pending invitation; revoke it to send a new one.") % {"email": email}},
            code="already_invited",
        )
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=hash_secret(token),
        invited_by=actor.user,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        organization=organization, actor=actor, action=AuditAction.INVITATION_CREATED, target=invitation, data={"email": email, "role": role}
    )
    _invitation_send(invitation=invitation, token=token)
    return invitation, token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: Actor) -> Invitation:
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="invitation_accepted")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has already been revoked."), code="invitation_revoked")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        organization=invitation.organization,
        actor=actor,
        action=AuditAction.INVITATION_REVOKED,
        target=invitation,
        data={"email": invitation.email, "role": invitation.role},
    )
    return invitation


def invitation_check_usable(*, invitation: Invitation | None) -> Invitation:
    """The invitation, or the ValidationError that explains why it cannot be used."""
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="invitation_invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="invitation_used")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been revoked."), code="invitation_revoked")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired; ask the organization's administrator for a new one."), code="invitation_expired"
        )
    return invitation


def _user_has_verified_email(*, user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, token: str, actor: Actor) -> Membership:
    """The signed-in user (`actor`) joins the organization with the invited role."""
    user = actor.user
    if user is None:
        raise NotAllowed(_("Sign in to accept an invitation."))
    invitation = invitation_check_usable(
        invitation=Invitation.objects.select_for_update().select_related("organization").filter(token_hash=hash_secret(token)).first()
    )
    if not _user_has_verified_email(user=user, email=invitation.email):
        raise NotAllowed(
            _("This invitation was sent to %(email)s; sign in with that verified e-mail address to accept it.")
            % {"email": invitation.email}
        )
    organization = invitation.organization
    if organization.memberships.filter(user=user).exists():
        raise ValidationError(
            _("You are already a member of %(organization)s.") % {"organization": organization.name}, code="already_member"
        )
    membership = Membership.objects.create(user=user, organization=organization, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        organization=organization,
        actor=actor,
        action=AuditAction.INVITATION_ACCEPTED,
        target=membership,
        data={"email": user.email, "role": invitation.role, "invitation": invitation.pk},
    )
    return membership


def api_key_mark_used(*, api_key: ApiKey) -> bool:
    """Record that the key was used, at most once a minute; whether it wrote."""
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > API_KEY_LAST_USED_RESOLUTION:
        # An update, not a save: it must not replace the API cache's generation (hub/api/caching.py).
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
        return True
    return False


@transaction.atomic
def api_key_create(*, organization: Organization, name: str, scope: str, actor: Actor) -> tuple[ApiKey, str]:
    """Create a key; the secret is returned once and only its hash is stored."""
    if scope not in ApiKey.Scope.values:
        raise ValidationError({"scope": _("“%(scope)s” is not a scope; use read or write.") % {"scope": scope}}, code="invalid_scope")
    secret = ApiKey.new_secret()
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name,
        scope=scope,
        key_prefix=secret[:10],
        key_hash=hash_secret(secret),
        created_by=actor.user,
    )
    audit_record(organization=organization, actor=actor, action=AuditAction.API_KEY_CREATED, target=api_key, data={"name": name, "scope": scope})
    return api_key, secret


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: Actor) -> ApiKey:
    if api_key.revoked_at is not None:
        raise ValidationError(_("This API key has already been revoked."), code="api_key_revoked")
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    # Reads authenticate from the API cache: a revoked key must miss it on the very next request, whatever the
    # save's signals do (hub/api/caching.py, municipalities/authentication.py).
    caching.invalidate_now_and_on_commit()
    audit_record(
        organization=api_key.organization,
        actor=actor,
        action=AuditAction.API_KEY_REVOKED,
        target=api_key,
        data={"name": api_key.name, "scope": api_key.scope},
    )
    return api_key
