from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiKey, AuditEntry, Invitation, Membership, Organization, hash_secret


def api_key_for_secret(*, secret: str) -> ApiKey | None:
    return ApiKey.objects.select_related("organization").filter(key_hash=hash_secret(secret)).first()


def memberships_of_user(*, user) -> QuerySet[Membership]:
    return user.memberships.select_related("organization").order_by("organization__name_ka")


def organization_list(*, filters: dict | None = None) -> QuerySet[Organization]:
    return Organization.objects.select_related("region").filter(**(filters or {}))


def organization_by_slug(*, slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def member_list(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user", "organization").order_by("user__email")


def invitation_list(*, organization: Organization) -> QuerySet[Invitation]:
    return organization.invitations.select_related("invited_by", "organization")


def invitation_pending_list(*, organization: Organization) -> QuerySet[Invitation]:
    return invitation_list(organization=organization).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_for_token(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("organization").filter(token_hash=hash_secret(token)).first()


def api_key_list(*, organization: Organization) -> QuerySet[ApiKey]:
    return organization.api_keys.select_related("created_by", "organization")


def audit_entries_for(*, organization: Organization) -> QuerySet[AuditEntry]:
    return organization.audit_entries.select_related("actor", "api_key")
