import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from hub.api.filters import AwareIsoDateTimeFilter
from municipalities.permissions import TenantPermission

from ..models import Adoption
from ..selectors.adoption import adoption_public, adoption_visible
from ..selectors.practice import practice_published_choices
from ..serializers.adoption import AdoptionCreateSerializer, AdoptionExportSerializer, AdoptionOutputSerializer, AdoptionUpdateSerializer
from ..services.adoption import adoption_create, adoption_delete, adoption_update
from .base import OpenDataMixin, OwnerFromRequestMixin


class AdoptionFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__slug", help_text=gettext_lazy("Adopting organization (slug)."))
    source = django_filters.CharFilter(field_name="practice__organization__slug", help_text=gettext_lazy("Organization whose practice was adopted (slug)."))
    practice = django_filters.NumberFilter(field_name="practice_id")
    status = django_filters.ChoiceFilter(choices=Adoption.Status.choices)
    updated_after = AwareIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Adoption
        fields: list[str] = []


class AdoptionViewSet(OwnerFromRequestMixin, OpenDataMixin, viewsets.ModelViewSet):
    """Municipality B records that it plans, is adopting, has adopted or abandoned a practice of municipality A."""

    permission_classes = [TenantPermission]
    missing_owner_message = gettext_lazy("Say which organization adopts the practice.")
    filterset_class = AdoptionFilter
    serializer_class = AdoptionOutputSerializer
    lookup_value_regex = r"\d+"
    dataset_name = "adoptions"
    dataset_title = gettext_lazy("Adoptions of practices")
    dataset_description = gettext_lazy("Which municipality adopted which practice of another: the network of transfers.")
    export_serializer_class = AdoptionExportSerializer

    @classmethod
    def published_queryset(cls):
        return adoption_public()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Adoption.objects.none()
        return adoption_visible(principal=self.request.principal)

    def _actor(self) -> dict:
        return {"actor": self.request.principal.user, "api_key": self.request.principal.api_key}

    @extend_schema(request=AdoptionCreateSerializer, responses={201: AdoptionOutputSerializer})
    def create(self, request, *args, **kwargs):
        serializer = AdoptionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("organization", None)
        practice = practice_published_choices().filter(pk=data.pop("practice")).first()
        if practice is None:
            raise exceptions.ValidationError({"practice": [_("There is no published practice with this id.")]})
        adoption = adoption_create(organization=self.get_tenant(), practice=practice, **data, **self._actor())
        return Response(AdoptionOutputSerializer(adoption).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AdoptionUpdateSerializer, responses={200: AdoptionOutputSerializer})
    def partial_update(self, request, *args, **kwargs):
        adoption = self.get_object()
        serializer = AdoptionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        adoption = adoption_update(adoption=adoption, **serializer.validated_data, **self._actor())
        return Response(AdoptionOutputSerializer(adoption).data)

    def destroy(self, request, *args, **kwargs):
        adoption_delete(adoption=self.get_object(), **self._actor())
        return Response(status=status.HTTP_204_NO_CONTENT)


