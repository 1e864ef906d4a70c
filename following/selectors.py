"""What a person follows, and what was published or changed in it: the digest and the following page read this."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Min, Q, QuerySet

from municipalities.models import Organization
from practices.models import ActionPlan, Content, ContentStatus, Practice, Revision, ServiceDescription, Term, TrainingModule

from .models import DigestSubscription, Follow

# What following an organization brings: everything it publishes. Themes and single practices bring practices.
FOLLOWED_TYPES: tuple[type[Content], ...] = (Practice, ActionPlan, TrainingModule, ServiceDescription)


def follow_kind(target) -> str:
    """The kind of follow `target` (a theme, an organization or a practice) makes; ValueError for anything else."""
    if isinstance(target, Term):
        return Follow.Kind.THEME
    if isinstance(target, Organization):
        return Follow.Kind.ORGANIZATION
    if isinstance(target, Practice):
        return Follow.Kind.PRACTICE
    raise ValueError(f"{type(target).__name__} cannot be followed.")


def follows_of(*, user) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related("theme", "organization", "practice__organization")


def follow_for(*, user, target) -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    kind = follow_kind(target)
    return Follow.objects.filter(user=user, kind=kind, **{kind: target}).first()


def digest_subscription_of(*, user) -> DigestSubscription | None:
    return DigestSubscription.objects.filter(user=user).first()


def digest_subscription_for_token(*, token: str) -> DigestSubscription | None:
    return DigestSubscription.objects.select_related("user").filter(token=token).first() if token else None


def digest_recipients() -> QuerySet[DigestSubscription]:
    """Active subscriptions of active people who follow something."""
    return DigestSubscription.objects.filter(is_active=True, user__is_active=True, user__follows__isnull=False).distinct()


@dataclass
class FeedItem:
    item: Content
    is_new: bool
    changed_at: datetime
    # What the person follows that brought the item: themes, the organization, the practice itself.
    reasons: list = field(default_factory=list)

    @property
    def type_label(self) -> str:
        return self.item._meta.verbose_name


def following_feed(*, user, since: datetime, until: datetime | None = None) -> list[FeedItem]:
    """Items published for the first time (new) or republished (changed) in [since, until) in what `user` follows.

    A publish writes a revision, so revisions in the window say what happened; only
    items still published are listed. Newest first; a constant number of queries.
    """
    follows = list(follows_of(user=user))
    if not follows:
        return []
    themes = {follow.theme_id: follow.theme for follow in follows if follow.kind == Follow.Kind.THEME}
    organizations = {follow.organization_id: follow.organization for follow in follows if follow.kind == Follow.Kind.ORGANIZATION}
    practices = {follow.practice_id: follow.practice for follow in follows if follow.kind == Follow.Kind.PRACTICE}
    content_types = ContentType.objects.get_for_models(*FOLLOWED_TYPES)
    window = Q(created_at__gte=since) & (Q(created_at__lt=until) if until else Q())
    published = (
        Revision.objects.filter(window, content_type__in=content_types.values())
        .values("content_type_id", "object_id")
        .annotate(first=Min("number"), last=Max("created_at"))
    )
    by_type: dict[int, dict[int, dict]] = {}
    for row in published:
        by_type.setdefault(row["content_type_id"], {})[row["object_id"]] = row
    feed = []
    for model, content_type in content_types.items():
        rows = by_type.get(content_type.pk)
        if not rows:
            continue
        followed = Q(organization_id__in=organizations)
        if model is Practice:
            followed |= Q(pk__in=practices) | Q(themes__in=themes)
        items = (
            model.objects.filter(followed, pk__in=rows, status=ContentStatus.PUBLISHED)
            .select_related("organization")
            .distinct()
        )
        if model is Practice:
            items = items.prefetch_related("themes")
        for item in items:
            reasons = []
            if item.pk in practices:
                reasons.append(practices[item.pk])
            if item.organization_id in organizations:
                reasons.append(organizations[item.organization_id])
            if model is Practice:
                reasons += [themes[theme.pk] for theme in item.themes.all() if theme.pk in themes]
            row = rows[item.pk]
            feed.append(FeedItem(item=item, is_new=row["first"] == 1, changed_at=row["last"], reasons=reasons))
    feed.sort(key=lambda entry: entry.changed_at, reverse=True)
    return feed
