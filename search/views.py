from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .backends import get_search_backend
from .backends.base import SORT_RELEVANCE, InvalidSearchQuery, SearchBackendError, SearchFilters, SearchQuery
from .forms import SearchForm
from .selectors import facet_labels, hit_owners

# Facet name -> the query parameter that filters by it.
FACET_PARAMETERS = {
    "doc_type": "type",
    "organization": "organization",
    "region": "region",
    "tags": "theme",
    "year": "year",
    "language": "lang",
}
FACET_HEADINGS = {
    "doc_type": _("Type"),
    "organization": _("Organization"),
    "region": _("Region"),
    "tags": _("Theme"),
    "year": _("Year"),
    "language": _("Language"),
}


def _link(request, **changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + params.urlencode()


def _facet_groups(request, results) -> list[dict]:
    labels = facet_labels(facets=results.facets)
    groups = []
    for name, values in results.facets.items():
        parameter = FACET_PARAMETERS[name]
        selected = request.GET.get(parameter)
        options = [
            {
                "label": labels.get(name, {}).get(value, value),
                "count": count,
                "selected": value == selected,
                "url": _link(request, **{parameter: None if value == selected else value}),
            }
            for value, count in values
        ]
        if options:
            groups.append({"name": name, "heading": FACET_HEADINGS[name], "options": options})
    return groups


def search_page(request):
    form = SearchForm(request.GET or None)
    context = {"form": form}
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        try:
            results = get_search_backend().search(
                SearchQuery(
                    data["q"],
                    filters=SearchFilters(
                        doc_type=data["type"] or None,
                        organization=data["organization"] or None,
                        region=data["region"] or None,
                        tags=(data["theme"],) if data["theme"] else (),
                        year=data["year"],
                        language=data["lang"] or None,
                    ),
                    sort=data["sort"] or SORT_RELEVANCE,
                    page=data["page"] or 1,
                )
            )
        except InvalidSearchQuery as exc:
            form.add_error("q", str(exc))
        except SearchBackendError:
            context["unavailable"] = True
        else:
            context.update(
                results=results,
                owners=hit_owners(hits=results.hits),
                facet_groups=_facet_groups(request, results),
                previous_url=_link(request, page=str(results.page - 1)) if results.page > 1 else None,
                next_url=_link(request, page=str(results.page + 1)) if results.page < results.num_pages else None,
                did_you_mean_url=_link(request, q=results.did_you_mean) if results.did_you_mean else None,
                sort_links=[
                    {"label": label, "url": _link(request, sort=value), "current": (data["sort"] or SORT_RELEVANCE) == value}
                    for value, label in form.fields["sort"].choices
                ],
            )
    return render(request, "search/search.html", context)
