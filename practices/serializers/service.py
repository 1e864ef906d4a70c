from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Channel, RequiredDocument, ServiceDescription, Term, Vocabulary
from .base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
    OrganizationRefSerializer,
    TermSerializer,
    default_language_path,
)

SERVICE_FIELDS = [
    "identifier", "description_ka", "description_en", "output_ka", "output_en", "cost_gel", "processing_time_days",
    "channels", "legal_basis_ka", "legal_basis_en", "responsible_unit_ka", "responsible_unit_en", "contact",
]  # fmt: skip


class RequiredDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["name_ka", "name_en"]


class ChannelsField(serializers.MultipleChoiceField):
    """A list of channels; stored and returned in the order Channel declares them."""

    def __init__(self, **kwargs):
        super().__init__(choices=Channel.choices, **kwargs)

    def to_internal_value(self, data) -> list[str]:
        chosen = super().to_internal_value(data)
        return [value for value in Channel.values if value in chosen]

    def to_representation(self, value) -> list[str]:
        return list(value)


class ServiceOutputSerializer(ContentOutputSerializer):
    category = TermSerializer(read_only=True)
    channels = ChannelsField(read_only=True)
    required_documents = RequiredDocumentSerializer(many=True, read_only=True)
    cpsv_url = serializers.SerializerMethodField(help_text=_("The service as CPSV-AP JSON-LD."))

    class Meta:
        model = ServiceDescription
        fields = [*CONTENT_OUTPUT_FIELDS, "category", *SERVICE_FIELDS, "required_documents", "cpsv_url"]

    def get_cpsv_url(self, service: ServiceDescription) -> str:
        path = reverse("practices-api:services-cpsv", args=[service.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ServiceInputSerializer(ContentInputSerializer):
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Term.objects.filter(vocabulary=Vocabulary.SERVICE_CATEGORY, is_active=True),
        help_text=_("Service category (slug)."),
    )  # fmt: skip
    channels = ChannelsField(required=False)
    required_documents = RequiredDocumentSerializer(many=True, required=False, help_text=_("In the order the applicant needs them."))

    class Meta:
        model = ServiceDescription
        fields = [*CONTENT_INPUT_FIELDS, "category", *SERVICE_FIELDS, "required_documents"]


class ServiceExportSerializer(ContentExportSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ServiceDescription
        fields = [*CONTENT_EXPORT_FIELDS, "identifier", "category", "cost_gel", "processing_time_days", "channels"]


class CostSpreadSerializer(serializers.Serializer):
    minimum = serializers.DecimalField(max_digits=12, decimal_places=2)
    median = serializers.DecimalField(max_digits=12, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=12, decimal_places=2)


class DaysSpreadSerializer(serializers.Serializer):
    minimum = serializers.IntegerField()
    median = serializers.FloatField()
    maximum = serializers.IntegerField()


class ComparedServiceSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    url = serializers.SerializerMethodField()
    channels = ChannelsField(read_only=True)

    class Meta:
        model = ServiceDescription
        fields = ["id", "url", "organization", "title_ka", "title_en", "cost_gel", "processing_time_days", "channels"]

    def get_url(self, service: ServiceDescription) -> str:
        request = self.context.get("request")
        path = default_language_path(service)
        return request.build_absolute_uri(path) if request else path


class ChannelCountsSerializer(serializers.Serializer):
    in_person = serializers.IntegerField()
    online = serializers.IntegerField()
    phone = serializers.IntegerField()


class ServiceComparisonSerializer(serializers.Serializer):
    category = TermSerializer()
    cost_gel = CostSpreadSerializer(allow_null=True, help_text=_("Minimum, median and maximum cost in GEL."))
    processing_time_days = DaysSpreadSerializer(allow_null=True, help_text=_("Minimum, median and maximum processing time in days."))
    channels = ChannelCountsSerializer(help_text=_("How many of the services offer each channel."))
    services = ComparedServiceSerializer(many=True)


CPSV_CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CURRENCY_GEL = "http://publications.europa.eu/resource/authority/currency/GEL"


def _texts(item, field: str) -> list[dict]:
    """A bilingual field as JSON-LD language-tagged values, leaving out an empty translation."""
    values = [{"@language": language, "@value": getattr(item, f"{field}_{language}")} for language in ("ka", "en")]
    return [value for value in values if value["@value"]]


def service_cpsv_document(*, service: ServiceDescription, request) -> dict:
    """The service as a CPSV-AP PublicService in JSON-LD; the competent authority is the owner municipality."""
    organization = service.organization
    with translation.override(settings.LANGUAGE_CODE):
        page = request.build_absolute_uri(service.get_absolute_url())
        authority = request.build_absolute_uri(reverse("organization-profile", args=[organization.slug]))
    return {
        "@context": CPSV_CONTEXT,
        "@id": page,
        "@type": "cpsv:PublicService",
        "dct:identifier": service.identifier,
        "dct:title": _texts(service, "title"),
        "dct:description": _texts(service, "description"),
        "cv:thematicArea": {
            "@type": "skos:Concept", "skos:notation": service.category.slug, "skos:prefLabel": _texts(service.category, "name"),
        },
        "cv:hasCompetentAuthority": {
            "@id": authority,
            "@type": "cv:PublicOrganisation",
            "skos:prefLabel": _texts(organization, "name"),
            "dct:spatial": organization.region.name_en if organization.region else "",
        },
        "cv:hasChannel": [
            {
                "@type": "cv:Channel",
                "dct:type": {"@type": "skos:Concept", "skos:notation": value, "skos:prefLabel": str(Channel(value).label)},
            }
            for value in service.channels
        ],
        "cv:hasCost": {
            "@type": "cv:Cost",
            "cv:value": {"@value": str(service.cost_gel), "@type": "xsd:decimal"},
            "cv:currency": {"@id": CURRENCY_GEL},
        },
        "cv:processingTime": {"@value": f"P{service.processing_time_days}D", "@type": "xsd:duration"},
        "cv:hasInput": [{"@type": "cv:Evidence", "dct:title": _texts(row, "name")} for row in service.required_documents.all()],
        "cpsv:produces": {"@type": "cv:Output", "dct:title": _texts(service, "output")},
        "cv:hasLegalResource": {"@type": "eli:LegalResource", "dct:description": _texts(service, "legal_basis")},
        "cv:hasContactPoint": {
            "@type": "schema:ContactPoint",
            "schema:name": _texts(service, "responsible_unit"),
            "schema:description": service.contact,
        },
        "dct:modified": {"@value": service.updated_at.isoformat(), "@type": "xsd:dateTime"},
    }
