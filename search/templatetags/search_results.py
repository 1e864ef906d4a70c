from django import template

register = template.Library()


@register.filter
def owner_of(owners: dict, hit):
    """(type label, organization) of a hit, from the view's `owners` (search.selectors.hit_owners)."""
    return (owners or {}).get((hit.doc_type, str(hit.object_id)))
