"""Which content items a actor may read, for any content type.

The public reads published items; an organization's members (and its API
keys) also read that organization's drafts and archived items. Nothing here
is ever unscoped.
"""

from django.db.models import Q, QuerySet

from municipalities.actors import Actor
from municipalities.models import Membership

from ..models import Attachment, Content, ContentStatus, Revision


def actor_organization_ids(*, actor: Actor) -> QuerySet | list[int]:
    """The organizations whose unpublished items the actor may read (a subquery for users)."""
    if actor.user is None:
        # An API key or a system actor reads for the organization it acts for.
        return [actor.organization.pk] if actor.organization is not None else []
    return Membership.objects.filter(user=actor.user).values("organization_id")


def content_visible(*, model: type[Content], actor: Actor) -> QuerySet:
    """Published items plus the unpublished items of the actor's organizations."""
    visible = Q(status=ContentStatus.PUBLISHED)
    if not actor.is_anonymous:
        visible |= Q(organization_id__in=actor_organization_ids(actor=actor))
    return model.objects.filter(visible).select_related("organization", "organization__region")


def content_published(*, model: type[Content]) -> QuerySet:
    return model.objects.filter(status=ContentStatus.PUBLISHED).select_related("organization", "organization__region")


def content_unpublished_of(*, model: type[Content], actor: Actor) -> QuerySet:
    """Drafts and archived items of the actor's organizations ("my organization's drafts")."""
    return (
        model.objects.filter(organization_id__in=actor_organization_ids(actor=actor))
        .exclude(status=ContentStatus.PUBLISHED)
        .select_related("organization", "organization__region")
    )


def revision_list(*, item: Content) -> QuerySet:
    return item.revisions.select_related("created_by").order_by("-number")


def attachment_list(*, item: Content) -> QuerySet:
    return item.attachments.all()


def attachment_visible(*, actor: Actor, attachment_id: int) -> Attachment | None:
    """The attachment if the actor may read the item it belongs to."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=attachment_id).first()
    if attachment is None:
        return None
    model = attachment.content_type.model_class()
    if not content_visible(model=model, actor=actor).filter(pk=attachment.object_id).exists():
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
