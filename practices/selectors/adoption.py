from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from municipalities.models import Organization
from municipalities.actors import Actor

from ..models import Adoption, ContentStatus
from .content import actor_organization_ids


def adoption_visible(*, actor: Actor) -> QuerySet:
    """Records of published practices for everyone, plus every record the actor's organizations wrote."""
    visible = Q(practice__status=ContentStatus.PUBLISHED)
    if not actor.is_anonymous:
        visible |= Q(organization_id__in=actor_organization_ids(actor=actor))
    return Adoption.objects.filter(visible).select_related(
        "organization", "organization__region", "practice", "practice__organization"
    )


def adoption_public() -> QuerySet:
    """Adoption records of published practices: the public record of transfers."""
    return Adoption.objects.filter(practice__status=ContentStatus.PUBLISHED).select_related(
        "organization", "practice", "practice__organization"
    )


@dataclass(frozen=True)
class NetworkEdge:
    source: Organization
    target: Organization
    practices: int


def adoption_network() -> tuple[list[Organization], list[NetworkEdge]]:
    """Who learned from whom: one edge A → B per pair, counting B's adoptions of A's published practices.

    Abandoned adoptions are left out: nothing was transferred.
    """
    pairs = (
        Adoption.objects.filter(practice__status=ContentStatus.PUBLISHED)
        .exclude(status=Adoption.Status.ABANDONED)
        .values("practice__organization_id", "organization_id")
        .annotate(practices=Count("id"))
        .order_by("practice__organization_id", "organization_id")
    )
    pairs = list(pairs)
    ids = {pair["practice__organization_id"] for pair in pairs} | {pair["organization_id"] for pair in pairs}
    organizations = {organization.pk: organization for organization in Organization.objects.filter(pk__in=ids).order_by("name_ka")}
    edges = [
        NetworkEdge(
            source=organizations[pair["practice__organization_id"]],
            target=organizations[pair["organization_id"]],
            practices=pair["practices"],
        )
        for pair in pairs
    ]
    return list(organizations.values()), edges
