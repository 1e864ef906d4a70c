from django.db.models import QuerySet

from .models import ApiKey, AuditEntry, Membership, Organization, hash_secret


def api_key_for_secret(*, secret: str) -> ApiKey | None:
    return ApiKey.objects.select_related("organization").filter(key_hash=hash_secret(secret)).first()


def membership_for(*, user, organization: Organization) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def organization_list(*, filters: dict | None = None) -> QuerySet[Organization]:
    return Organization.objects.select_related("region").filter(**(filters or {}))


def audit_entries_for(*, organization: Organization) -> QuerySet[AuditEntry]:
    return organization.audit_entries.select_related("actor", "api_key")
