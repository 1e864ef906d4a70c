from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.api.caching import cached_data

from .backends import get_search_backend
from .backends.base import MAX_PAGE_SIZE, SORTS, InvalidSearchQuery, SearchBackendError, SearchFilters, SearchQuery
from .documents import LANGUAGES
from .selectors import facet_labels


class SearchUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "search_unavailable"
    default_detail = _("Search is temporarily unavailable; please try again in a minute.")


def query_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=settings.SEARCH_QUERY_MAX_LENGTH,
        help_text=_("Words to search for, in Georgian or English (Latin spelling of Georgian works too)."),
        error_messages={
            "required": _("Enter a word or phrase to search for."),
            "blank": _("Enter a word or phrase to search for."),
            "max_length": _("A search query can be at most {max_length} characters long."),
        },
    )


def run_search(call):
    """Turns the backends' two documented failures into API errors."""
    try:
        return call()
    except InvalidSearchQuery as exc:
        raise exceptions.ValidationError({"q": [str(exc)]}) from exc
    except SearchBackendError as exc:
        raise SearchUnavailable() from exc


class SearchApi(APIView):
    """Full-text search over everything the hub publishes, with facets and highlighted snippets."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        q = query_field()
        type = serializers.SlugField(required=False, help_text=_("Only this content type, e.g. practice."))
        organization = serializers.SlugField(required=False, help_text=_("Only this organization's content (slug)."))
        region = serializers.SlugField(required=False, help_text=_("Only content from this region (slug)."))
        theme = serializers.SlugField(required=False, help_text=_("Only content with this theme, category or direction."))
        lang = serializers.ChoiceField(choices=LANGUAGES, required=False, help_text=_("Only content in this language."))
        year = serializers.IntegerField(required=False, min_value=1, max_value=9999)
        sort = serializers.ChoiceField(choices=SORTS, default="relevance")
        page = serializers.IntegerField(default=1, min_value=1, max_value=500)
        page_size = serializers.IntegerField(default=settings.SEARCH_PAGE_SIZE, min_value=1, max_value=MAX_PAGE_SIZE)

    class HitSerializer(serializers.Serializer):
        type = serializers.CharField(source="doc_type")
        id = serializers.CharField(source="object_id")
        title = serializers.CharField()
        url = serializers.CharField()
        snippet = serializers.CharField(help_text=_("HTML-escaped text; matched words are wrapped in <mark>."))
        score = serializers.FloatField()

    class OutputSerializer(serializers.Serializer):
        count = serializers.IntegerField(source="total")
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        results = serializers.ListField(source="hits", child=serializers.DictField())
        facets = serializers.DictField(
            child=serializers.ListField(child=serializers.DictField()),
            help_text=_("For each facet, its values with the number of matching documents."),
        )
        did_you_mean = serializers.CharField(allow_null=True)

        def to_representation(self, results):
            labels = facet_labels(facets=results.facets)
            return {
                "count": results.total,
                "page": results.page,
                "num_pages": results.num_pages,
                "results": SearchApi.HitSerializer(results.hits, many=True).data,
                "facets": {
                    name: [
                        {"value": value, "label": labels.get(name, {}).get(value, value), "count": count}
                        for value, count in values
                    ]
                    for name, values in results.facets.items()
                },
                "did_you_mean": results.did_you_mean,
            }

    @extend_schema(parameters=[InputSerializer], responses=OutputSerializer)
    def get(self, request):
        # Search reads only public documents: one cached answer for everyone (hub/api/caching.py).
        return cached_data(request, self._search, per_audience=False)

    def _search(self) -> Response:
        request = self.request
        serializer = self.InputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        results = run_search(
            lambda: get_search_backend().search(
                SearchQuery(
                    data["q"],
                    filters=SearchFilters(
                        doc_type=data.get("type"),
                        organization=data.get("organization"),
                        region=data.get("region"),
                        tags=(data["theme"],) if data.get("theme") else (),
                        year=data.get("year"),
                        language=data.get("lang"),
                    ),
                    sort=data["sort"],
                    page=data["page"],
                    page_size=data["page_size"],
                )
            )
        )
        return Response(self.OutputSerializer(results).data)


class SearchSuggestApi(APIView):
    """Titles completing what the user is typing, for search-as-you-type."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        q = query_field()

    class SuggestionSerializer(serializers.Serializer):
        type = serializers.CharField(source="doc_type")
        id = serializers.CharField(source="object_id")
        title = serializers.CharField()
        url = serializers.CharField()

    @extend_schema(
        parameters=[InputSerializer],
        responses=inline_serializer("SearchSuggestions", {"results": SuggestionSerializer(many=True)}),
    )
    def get(self, request):
        serializer = self.InputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        suggestions = run_search(lambda: get_search_backend().suggest(serializer.validated_data["q"]))
        return Response({"results": self.SuggestionSerializer(suggestions, many=True).data})
