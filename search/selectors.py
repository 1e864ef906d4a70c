from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region, in_language
from municipalities.selectors import organization_list

from . import index

LANGUAGE_LABELS = {"ka": _("Georgian"), "en": _("English")}


def _type_label(model) -> str:
    label = str(model._meta.verbose_name)
    # Georgian has no capital letters in running text: upper-casing would turn it into Mtavruli.
    return capfirst(label) if label[:1].isascii() else label


def _values(facets: dict[str, list[tuple[str, int]]], name: str) -> list[str]:
    return [value for value, _count in facets.get(name, [])]


def facet_labels(*, facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    """Human names for facet values in the active language, one query per kind of value at most.

    Types by their model's verbose name, organizations, regions and tags (themes,
    categories, directions) by slug, languages by code.
    """
    organization_slugs = _values(facets, "organization")
    region_slugs = _values(facets, "region")
    organizations = organization_list(filters={"slug__in": organization_slugs}) if organization_slugs else []
    regions = Region.objects.filter(slug__in=region_slugs) if region_slugs else []
    return {
        "doc_type": {
            registration.doc_type: _type_label(registration.model)
            for registration in index.registrations()
        },
        "language": {key: str(label) for key, label in LANGUAGE_LABELS.items()},
        "organization": {organization.slug: in_language(organization, "name") for organization in organizations},
        "region": {region.slug: in_language(region, "name") for region in regions},
        "tags": index.tag_labels(tags) if (tags := _values(facets, "tags")) else {},
    }
