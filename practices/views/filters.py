"""Choices for the organization and region selects of the library list pages."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from municipalities.models import Organization, Region

from ..models import Content, ContentStatus


@dataclass
class RegionGroup:
    """An <optgroup>: a region (None for organizations without one) and its organizations."""

    region: Region | None
    organizations: list[Organization] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.region.name if self.region else _("No region")


def organization_groups(*, model: type[Content]) -> list[RegionGroup]:
    """Organizations with at least one published item of `model`, grouped by region, in one query.

    Groups and organizations are sorted by their names in the reader's language;
    organizations without a region come last.
    """
    owners = model.objects.filter(status=ContentStatus.PUBLISHED).values("organization_id")
    organizations = Organization.objects.filter(pk__in=owners).select_related("region")
    groups: dict[int | None, RegionGroup] = {}
    for organization in organizations:
        groups.setdefault(organization.region_id, RegionGroup(region=organization.region)).organizations.append(organization)
    ordered = sorted(groups.values(), key=lambda group: (group.region is None, group.label))
    for group in ordered:
        group.organizations.sort(key=lambda organization: organization.name)
    return ordered
