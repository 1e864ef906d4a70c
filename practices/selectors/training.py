"""Reading training modules and sessions, and the totals of staff trained."""

from django.db.models import Count, Q, QuerySet, Sum

from municipalities.actors import Actor
from practices.models import ContentStatus, SessionParticipation, Term, TrainingSession, Vocabulary
from practices.selectors.content import actor_organization_ids


# Relations a module row shows, loaded once per list whatever its length.
TRAINING_MODULE_PREFETCH = ("direction", "provider__region")


def training_session_list(*, actor: Actor) -> QuerySet[TrainingSession]:
    """Sessions of published modules, plus those the actor's organizations host or whose modules they own."""
    visible = Q(module__status=ContentStatus.PUBLISHED)
    if not actor.is_anonymous:
        organization_ids = actor_organization_ids(actor=actor)
        visible |= Q(organization__in=organization_ids) | Q(module__organization__in=organization_ids)
    return (
        TrainingSession.objects.filter(visible)
        .select_related("module__direction", "module__organization", "organization__region")
        .prefetch_related("participations__organization")
        .annotate(participant_count=Sum("participations__count"))
        # Meta.ordering is not applied to aggregating queries.
        .order_by("-starts_on", "-id")
    )


def _counted_participations(*, direction: Term | None) -> QuerySet[SessionParticipation]:
    # Public figures count only sessions of published modules.
    participations = SessionParticipation.objects.filter(session__module__status=ContentStatus.PUBLISHED)
    if direction is not None:
        participations = participations.filter(session__module__direction=direction)
    return participations


def _totals(*, group: str, direction: Term | None) -> list[dict]:
    """Staff trained and sessions per `group` (a related object with slug and names), most trained first."""
    names = (f"{group}__slug", f"{group}__name_ka", f"{group}__name_en")
    rows = (
        _counted_participations(direction=direction)
        .values(*names)
        .annotate(trained=Sum("count"), sessions=Count("session", distinct=True))
        .order_by("-trained", f"{group}__name_ka")
    )
    return [
        {
            "slug": row[names[0]],
            "name_ka": row[names[1]],
            "name_en": row[names[2]],
            "trained": row["trained"],
            "sessions": row["sessions"],
        }
        for row in rows
    ]


def training_totals_by_organization(*, direction: Term | None = None) -> list[dict]:
    """Staff trained per participating organization: one query."""
    return _totals(group="organization", direction=direction)


def training_totals_by_direction() -> list[dict]:
    """Staff trained per training direction: one query."""
    return _totals(group="session__module__direction", direction=None)


def training_directions() -> QuerySet[Term]:
    return Term.objects.filter(vocabulary=Vocabulary.TRAINING_DIRECTION, is_active=True)
