from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from municipalities.models import Organization

from ..filtersets import ServiceFilter
from ..models import ServiceDescription
from ..selectors.service import SERVICE_PREFETCH, service_categories, service_comparison
from ..serializers.service import (
    ServiceComparisonSerializer,
    ServiceExportSerializer,
    ServiceInputSerializer,
    ServiceOutputSerializer,
    service_cpsv_document,
)
from ..services.service import service_description_create, service_description_update
from ..services.service import split_service_data
from .base import ContentViewSet
from .opendata import JsonLdRenderer


class ServiceViewSet(ContentViewSet):
    """Municipal service descriptions shaped like CPSV-AP's PublicService; compare one category across municipalities."""

    model = ServiceDescription
    output_serializer_class = ServiceOutputSerializer
    input_serializer_class = ServiceInputSerializer
    export_serializer_class = ServiceExportSerializer
    filterset_class = ServiceFilter
    list_prefetch = SERVICE_PREFETCH
    dataset_name = "services"
    dataset_title = gettext_lazy("Municipal services")
    dataset_description = gettext_lazy("Services of Georgian municipalities: category, cost in GEL, processing time, channels.")

    def create_item(self, *, organization: Organization, data: dict) -> ServiceDescription:
        fields, documents = split_service_data(data)
        return service_description_create(organization=organization, fields=fields, required_documents=documents, actor=self.actor)

    def update_item(self, *, item: ServiceDescription, data: dict, expected_version: int | None) -> ServiceDescription:
        fields, documents = split_service_data(data)
        return service_description_update(
            service=item, fields=fields, required_documents=documents, expected_version=expected_version, actor=self.actor
        )

    @extend_schema(
        parameters=[OpenApiParameter("category", str, required=True, description="Service category (slug).")],
        responses=ServiceComparisonSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def compare(self, request):
        """One category side by side across municipalities: cost, processing time, channels, with min/median/max."""
        slug = request.query_params.get("category", "")
        if not slug:
            raise exceptions.ValidationError({"category": [_("Choose a service category to compare.")]})
        category = service_categories().filter(slug=slug).first()
        if category is None:
            raise exceptions.ValidationError({"category": [_("There is no service category “%(slug)s”.") % {"slug": slug}]})
        comparison = service_comparison(category=category)
        return Response(ServiceComparisonSerializer(comparison, context=self.get_serializer_context()).data)

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT, (200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], renderer_classes=[JsonLdRenderer, JSONRenderer])
    def cpsv(self, request, pk=None):
        """The service as CPSV-AP JSON-LD (a cpsv:PublicService)."""
        return Response(service_cpsv_document(service=self.get_object(), request=request))
