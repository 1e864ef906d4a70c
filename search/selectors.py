from django.utils.translation import gettext_lazy as _

from municipalities.models import Region, in_language
from municipalities.selectors import organization_list

TYPE_LABELS = {
    "practice": _("Practice"),
    "action_plan": _("Action plan"),
    "training": _("Training"),
    "service": _("Service description"),
    "tour": _("Study tour"),
}
LANGUAGE_LABELS = {"ka": _("Georgian"), "en": _("English")}


def facet_labels(*, facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    """Human names for facet values: organizations and regions by slug, types and languages by code."""
    organizations = organization_list(filters={"slug__in": [value for value, _count in facets.get("organization", [])]})
    regions = Region.objects.filter(slug__in=[value for value, _count in facets.get("region", [])])
    return {
        "doc_type": {key: str(label) for key, label in TYPE_LABELS.items()},
        "language": {key: str(label) for key, label in LANGUAGE_LABELS.items()},
        "organization": {organization.slug: in_language(organization, "name") for organization in organizations},
        "region": {region.slug: in_language(region, "name") for region in regions},
    }
