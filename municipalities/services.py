from datetime import timedelta

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from .models import ApiKey, AuditEntry, Organization, hash_secret

# last_used_at is for people; writing it on every request would turn reads into writes.
API_KEY_LAST_USED_RESOLUTION = timedelta(minutes=1)


def audit_record(
    *,
    organization: Organization | None,
    action: str,
    actor=None,
    api_key: ApiKey | None = None,
    target: Model | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry; callers run inside their own transaction."""
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        api_key=api_key,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


def api_key_mark_used(*, api_key: ApiKey) -> None:
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > API_KEY_LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


@transaction.atomic
def api_key_create(*, organization: Organization, name: str, scope: str, actor=None) -> tuple[ApiKey, str]:
    """Create a key; the secret is returned once and only its hash is stored."""
    secret = ApiKey.new_secret()
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name,
        scope=scope,
        key_prefix=secret[:10],
        key_hash=hash_secret(secret),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(organization=organization, actor=actor, action="api_key.created", target=api_key, data={"name": name, "scope": scope})
    return api_key, secret
