"""Reading service descriptions, and comparing one category across municipalities."""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from practices.models import Channel, ContentStatus, ServiceDescription, Term, Vocabulary


# Relations a service row shows, loaded once per list whatever its length.
SERVICE_PREFETCH = ("category", "required_documents")


def service_categories() -> QuerySet[Term]:
    return Term.objects.filter(vocabulary=Vocabulary.SERVICE_CATEGORY, is_active=True)


@dataclass(frozen=True)
class Spread:
    minimum: Decimal | int
    median: Decimal | float
    maximum: Decimal | int


@dataclass(frozen=True)
class ServiceComparison:
    category: Term
    services: list[ServiceDescription]
    cost_gel: Spread | None
    processing_time_days: Spread | None
    # How many of the compared services offer each channel.
    channels: dict[str, int]


def _spread(values: list) -> Spread | None:
    if not values:
        return None
    return Spread(minimum=min(values), median=statistics.median(values), maximum=max(values))


def service_comparison(*, category: Term) -> ServiceComparison:
    """Published services of one category side by side, cheapest first, with min/median/max: one query."""
    services = list(
        ServiceDescription.objects.filter(category=category, status=ContentStatus.PUBLISHED)
        .select_related("organization__region")
        .order_by("cost_gel", "processing_time_days", "organization__name_ka")
    )
    return ServiceComparison(
        category=category,
        services=services,
        cost_gel=_spread([service.cost_gel for service in services]),
        processing_time_days=_spread([service.processing_time_days for service in services]),
        channels={channel: sum(channel in service.channels for service in services) for channel in Channel.values},
    )
