"""Which content items a principal may read, for any content type.

The public reads published items; an organization's members (and its API
keys) also read that organization's drafts and archived items. Nothing here
is ever unscoped.
"""

from django.db.models import Q, QuerySet

from municipalities.models import Membership
from municipalities.permissions import Principal

from ..models import Attachment, Content, ContentStatus, Revision


def principal_organization_ids(*, principal: Principal) -> QuerySet | list[int]:
    """The organizations whose unpublished items the principal may read (a subquery for users)."""
    if principal.api_key is not None:
        return [principal.api_key.organization_id]
    if principal.user is None:
        return []
    return Membership.objects.filter(user=principal.user).values("organization_id")


def content_visible(*, model: type[Content], principal: Principal) -> QuerySet:
    """Published items plus the unpublished items of the principal's organizations."""
    visible = Q(status=ContentStatus.PUBLISHED)
    if not principal.is_anonymous:
        visible |= Q(organization_id__in=principal_organization_ids(principal=principal))
    return model.objects.filter(visible).select_related("organization", "organization__region")


def content_published(*, model: type[Content]) -> QuerySet:
    return model.objects.filter(status=ContentStatus.PUBLISHED).select_related("organization", "organization__region")


def content_unpublished_of(*, model: type[Content], principal: Principal) -> QuerySet:
    """Drafts and archived items of the principal's organizations ("my organization's drafts")."""
    return (
        model.objects.filter(organization_id__in=principal_organization_ids(principal=principal))
        .exclude(status=ContentStatus.PUBLISHED)
        .select_related("organization", "organization__region")
    )


def revision_list(*, item: Content) -> QuerySet:
    return item.revisions.select_related("created_by").order_by("-number")


def attachment_list(*, item: Content) -> QuerySet:
    return item.attachments.all()


def attachment_visible(*, principal: Principal, attachment_id: int) -> Attachment | None:
    """The attachment if the principal may read the item it belongs to."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=attachment_id).first()
    if attachment is None:
        return None
    model = attachment.content_type.model_class()
    if not content_visible(model=model, principal=principal).filter(pk=attachment.object_id).exists():
        return None
    return attachment


def revision_pair(*, item: Content, before: int, after: int) -> tuple[Revision, Revision] | None:
    revisions = {revision.number: revision for revision in item.revisions.filter(number__in=[before, after])}
    if before not in revisions or after not in revisions:
        return None
    return revisions[before], revisions[after]


def content_has_unpublished_changes(*, item: Content, latest: Revision | None) -> bool:
    """Whether the item differs from its last published version (a draft never published has only changes).

    The item's `version` counts every write (the API's ETag); pages number versions by
    their revisions (#1, #2, …) and say "unpublished changes" only when the content differs.
    """
    if latest is None:
        return True
    return latest.snapshot != item.snapshot()
