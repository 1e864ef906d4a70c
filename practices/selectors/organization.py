"""What one organization does, for its public page: its published work, with counts.

Everything here is public: published items only, adoptions of published
practices only. The page shows a few of each kind and the total, so each list
is a bounded query and each count one COUNT, whatever the organization holds.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from municipalities.models import Organization

from ..models import (
    ActionPlan,
    Adoption,
    ContentStatus,
    Practice,
    ServiceDescription,
    SessionParticipation,
    TrainingModule,
    TrainingSession,
)
from .action_plan import action_plan_attach_progress, action_plan_list
from .practice import PRACTICE_PREFETCH

# How many of each kind the page lists before "all …" links to the filtered list.
SHOWN = 6


@dataclass
class Section:
    """A few items of one kind and how many there are in all."""

    items: list
    count: int

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class OrganizationWork:
    organization: Organization
    practices: Section
    action_plans: Section
    training_modules: Section
    training_sessions: Section
    services: Section
    adoptions_given: Section
    adoptions_taken: Section
    staff_trained: int
    counts: dict = field(default_factory=dict)


def _section(queryset: QuerySet, *, limit: int = SHOWN) -> Section:
    items = list(queryset[:limit])
    count = len(items) if len(items) < limit else queryset.count()
    return Section(items=items, count=count)


def _published(model, organization: Organization) -> QuerySet:
    return model.objects.filter(organization=organization, status=ContentStatus.PUBLISHED)


def organization_work(*, organization: Organization, limit: int = SHOWN) -> OrganizationWork:
    """The organization's published practices, action plans (with progress), trainings, services and adoptions."""
    practices = (
        _published(Practice, organization)
        .annotate(adoption_count=Count("adoptions", filter=~Q(adoptions__status=Adoption.Status.ABANDONED)))
        .prefetch_related(*PRACTICE_PREFETCH)
        .order_by("-published_at", "-id")
    )
    plans = action_plan_list(queryset=_published(ActionPlan, organization)).order_by("-period_start", "-id")
    plan_section = _section(plans, limit=limit)
    action_plan_attach_progress(plan_section.items)
    modules = (
        TrainingModule.objects.filter(status=ContentStatus.PUBLISHED)
        .filter(Q(organization=organization) | Q(provider=organization))
        .select_related("direction", "organization", "provider")
        .order_by("-published_at", "-id")
    )
    sessions = (
        TrainingSession.objects.filter(module__status=ContentStatus.PUBLISHED)
        .filter(Q(organization=organization) | Q(module__organization=organization))
        .select_related("module", "organization")
        .order_by("-starts_on", "-id")
    )
    services = _published(ServiceDescription, organization).select_related("category").order_by("title_ka")
    public_adoptions = Adoption.objects.filter(practice__status=ContentStatus.PUBLISHED).select_related(
        "organization", "practice", "practice__organization"
    )
    given = public_adoptions.filter(practice__organization=organization).order_by("-date", "-id")
    taken = public_adoptions.filter(organization=organization).order_by("-date", "-id")
    trained = SessionParticipation.objects.filter(
        organization=organization, session__module__status=ContentStatus.PUBLISHED
    ).aggregate(total=Sum("count"))["total"]
    work = OrganizationWork(
        organization=organization,
        practices=_section(practices, limit=limit),
        action_plans=plan_section,
        training_modules=_section(modules, limit=limit),
        training_sessions=_section(sessions, limit=limit),
        services=_section(services, limit=limit),
        adoptions_given=_section(given, limit=limit),
        adoptions_taken=_section(taken, limit=limit),
        staff_trained=trained or 0,
    )
    work.counts = {
        "practices": work.practices.count,
        "action_plans": work.action_plans.count,
        "training_modules": work.training_modules.count,
        "training_sessions": work.training_sessions.count,
        "services": work.services.count,
        "adoptions_given": work.adoptions_given.count,
        "adoptions_taken": work.adoptions_taken.count,
    }
    return work


def organization_upcoming_sessions(*, organization: Organization) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(module__status=ContentStatus.PUBLISHED, organization=organization)
        .filter(ends_on__gte=timezone.localdate())
        .order_by("starts_on", "id")
    )
