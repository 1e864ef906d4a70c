"""The DCAT-AP catalogue of the hub's open data, as JSON-LD an open-data portal (data.gov.ge) can harvest.

One dataset per collection and publishing organization, because the licence
is the organization's (OrganizationDataPolicy, CC BY 4.0 unless it chose
another). Each dataset has two distributions: the CSV and JSON downloads of
that organization's published rows.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from municipalities.models import Organization

from ..datasets import DATASETS
from ..models import OrganizationDataPolicy

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def _in(text, language: str) -> str:
    with translation.override(language):
        return str(text)


def _both_languages(text) -> list[dict]:
    return [{"@language": language, "@value": _in(text, language)} for language in ("ka", "en")]


class CatalogView(APIView):
    """DCAT-AP catalogue (JSON-LD) of every open-data collection."""

    permission_classes = [AllowAny]
    renderer_classes = [JsonLdRenderer, JSONRenderer]

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})
    def get(self, request):
        datasets = []
        for viewset in DATASETS:
            datasets.extend(self._datasets_of(request, viewset))
        with translation.override(settings.LANGUAGE_CODE):
            catalog_url = request.build_absolute_uri(reverse("practices-api:catalog"))
        return Response(
            {
                "@context": CONTEXT,
                "@id": catalog_url,
                "@type": "dcat:Catalog",
                "dct:title": _both_languages(translation.gettext_lazy("Municipal Knowledge Hub open data")),
                "dct:description": _both_languages(
                    translation.gettext_lazy("Practices, action plans, training and services of Georgia's municipalities.")
                ),
                "dct:language": ["http://publications.europa.eu/resource/authority/language/KAT",
                                 "http://publications.europa.eu/resource/authority/language/ENG"],
                "foaf:homepage": request.build_absolute_uri("/"),
                "dcat:dataset": datasets,
            },
            content_type="application/ld+json",
        )

    def _datasets_of(self, request, viewset) -> list[dict]:
        per_organization = (
            viewset.published_queryset()
            .order_by()
            .values("organization_id")
            .annotate(rows=Count("id"), modified=Max("updated_at"))
        )
        stats = {row["organization_id"]: row for row in per_organization}
        organizations = Organization.objects.filter(pk__in=stats).order_by("slug")
        licences = dict(OrganizationDataPolicy.objects.filter(organization__in=stats).values_list("organization_id", "licence_url"))
        with translation.override(settings.LANGUAGE_CODE):
            export_path = reverse(f"practices-api:{viewset.dataset_name}-export", kwargs={"fmt": "csv"})[: -len(".csv")]
        datasets = []
        for organization in organizations:
            licence = licences.get(organization.pk, OrganizationDataPolicy.DEFAULT_LICENCE)
            query = urlencode({"organization": organization.slug})
            with translation.override(settings.LANGUAGE_CODE):
                profile = request.build_absolute_uri(reverse("organization-profile", args=[organization.slug]))
            datasets.append(
                {
                    "@id": request.build_absolute_uri(f"{export_path}.json?{query}") + "#dataset",
                    "@type": "dcat:Dataset",
                    "dct:identifier": f"{viewset.dataset_name}/{organization.slug}",
                    "dct:title": [
                        {"@language": "ka", "@value": f"{_in(viewset.dataset_title, 'ka')} — {organization.name_ka}"},
                        {"@language": "en", "@value": f"{_in(viewset.dataset_title, 'en')} — {organization.name_en or organization.name_ka}"},
                    ],
                    "dct:description": _both_languages(viewset.dataset_description),
                    "dct:publisher": {"@id": profile, "@type": "foaf:Organization", "foaf:name": organization.name_ka},
                    "dct:license": {"@id": licence},
                    "dct:modified": {"@value": stats[organization.pk]["modified"].isoformat(), "@type": "xsd:dateTime"},
                    "dcat:distribution": [
                        {
                            "@type": "dcat:Distribution",
                            "dcat:downloadURL": {"@id": request.build_absolute_uri(f"{export_path}.{fmt}?{query}")},
                            "dcat:accessURL": {"@id": request.build_absolute_uri(f"{export_path}.{fmt}?{query}")},
                            "dcat:mediaType": media_type,
                            "dct:format": fmt.upper(),
                            "dct:license": {"@id": licence},
                        }
                        for fmt, media_type in MEDIA_TYPES.items()
                    ],
                }
            )
        return datasets

