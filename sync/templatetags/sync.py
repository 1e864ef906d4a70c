"""`{% item_provenance item %}`: where a harvested item came from, for the content page (one query, harvested items only)."""

from django import template

from ..selectors import item_provenance as provenance_of

register = template.Library()


@register.inclusion_tag("sync/provenance.html")
def item_provenance(item):
    if getattr(item, "lock_kind", "") != "harvested":
        return {"provenance": None}
    return {"provenance": provenance_of(item=item)}
