from django.core.exceptions import ValidationError
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


def hit_owners(*, hits) -> dict[tuple[str, str], tuple[str, object]]:
    """(doc type, id) -> (type label, owner organization) for a page of hits: one query per type on the page.

    Results say whose item each is (a service, a practice …) without the index storing names.
    """
    wanted: dict[str, list[str]] = {}
    for hit in hits:
        wanted.setdefault(hit.doc_type, []).append(hit.object_id)
    registered = {registration.doc_type: registration for registration in index.registrations()}
    owners = {}
    for doc_type, ids in wanted.items():
        if doc_type not in registered:
            continue
        model = registered[doc_type].model
        label = _type_label(model)
        keys = []
        for object_id in ids:
            try:
                keys.append(model._meta.pk.to_python(object_id))
            except ValidationError:
                continue  # not one of this model's ids: nothing to say about its owner
        rows = model.objects.filter(pk__in=keys).select_related("organization")
        for item in rows:
            owners[(doc_type, str(item.pk))] = (label, getattr(item, "organization", None))
    return owners
