"""What the hub holds, for its home page: counts, latest and most adopted practices, next trainings, themes."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from municipalities.models import Organization

from ..models import (
    ActionPlan,
    Adoption,
    ContentStatus,
    Practice,
    ServiceDescription,
    Term,
    TrainingModule,
    TrainingSession,
    Vocabulary,
)

SHOWN = 5


def _published(model) -> QuerySet:
    return model.objects.filter(status=ContentStatus.PUBLISHED)


def hub_counts() -> dict[str, int]:
    """How many published items of each kind, adoptions recorded and organizations sharing something."""
    sharing = Organization.objects.filter(
        Exists(_published(Practice).filter(organization=OuterRef("pk")))
        | Exists(_published(ActionPlan).filter(organization=OuterRef("pk")))
        | Exists(_published(TrainingModule).filter(organization=OuterRef("pk")))
        | Exists(_published(ServiceDescription).filter(organization=OuterRef("pk")))
    )
    return {
        "practices": _published(Practice).count(),
        "action_plans": _published(ActionPlan).count(),
        "training_modules": _published(TrainingModule).count(),
        "services": _published(ServiceDescription).count(),
        "adoptions": Adoption.objects.filter(practice__status=ContentStatus.PUBLISHED)
        .exclude(status=Adoption.Status.ABANDONED)
        .count(),
        "organizations": sharing.count(),
        "municipalities": Organization.objects.filter(kind=Organization.Kind.MUNICIPALITY).count(),
    }


def practices_latest(*, limit: int = SHOWN) -> list[Practice]:
    return list(_published(Practice).select_related("organization").order_by("-published_at", "-id")[:limit])


def practices_most_adopted(*, limit: int = SHOWN) -> list[Practice]:
    """Published practices that others adopted (or are adopting), most adoptions first; abandoned ones do not count."""
    counted = Count("adoptions", filter=~Q(adoptions__status=Adoption.Status.ABANDONED))
    return list(
        _published(Practice)
        .select_related("organization")
        .annotate(adoption_count=counted)
        .filter(adoption_count__gt=0)
        .order_by("-adoption_count", "-published_at", "-id")[:limit]
    )


def training_sessions_upcoming(*, limit: int = SHOWN) -> list[TrainingSession]:
    """Sessions of published modules that have not ended, soonest first."""
    return list(
        TrainingSession.objects.filter(module__status=ContentStatus.PUBLISHED, ends_on__gte=timezone.localdate())
        .select_related("module", "organization")
        .order_by("starts_on", "id")[:limit]
    )


def themes_with_counts() -> QuerySet[Term]:
    """Active themes with how many published practices each has, in the managed list's order."""
    return (
        Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True)
        .annotate(practice_count=Count("practices", filter=Q(practices__status=ContentStatus.PUBLISHED)))
        .order_by("position", "name_ka")
    )
