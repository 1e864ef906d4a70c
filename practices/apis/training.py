import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hub.api.filters import AwareIsoDateTimeFilter
from municipalities.models import Organization
from municipalities.permissions import TenantPermission

from ..models import Term, TrainingModule, TrainingSession, Vocabulary
from ..selectors.training import (
    TRAINING_MODULE_PREFETCH,
    training_session_list,
    training_totals_by_direction,
    training_totals_by_organization,
)
from ..serializers.training import (
    TrainingModuleExportSerializer,
    TrainingModuleInputSerializer,
    TrainingModuleOutputSerializer,
    TrainingSessionInputSerializer,
    TrainingSessionOutputSerializer,
    TrainingTotalsSerializer,
)
from ..services.training import (
    training_module_create,
    training_module_update,
    training_session_create,
    training_session_delete,
    training_session_update,
)
from .base import ContentFilter, ContentViewSet, OwnerFromRequestMixin


class TrainingModuleFilter(ContentFilter):
    direction = django_filters.CharFilter(field_name="direction__slug", help_text=_("Training direction (slug)."))
    provider = django_filters.CharFilter(field_name="provider__slug", help_text=_("Provider organization (slug)."))
    # Not "format": DRF reads that query parameter as the response format.
    delivery = django_filters.ChoiceFilter(field_name="format", choices=TrainingModule.Format.choices, help_text=_("Format."))

    class Meta:
        model = TrainingModule
        fields: list[str] = []


class TrainingModuleViewSet(ContentViewSet):
    """Training modules: what is taught, to whom, for how long, by which provider."""

    model = TrainingModule
    output_serializer_class = TrainingModuleOutputSerializer
    input_serializer_class = TrainingModuleInputSerializer
    export_serializer_class = TrainingModuleExportSerializer
    filterset_class = TrainingModuleFilter
    list_prefetch = TRAINING_MODULE_PREFETCH
    dataset_name = "training-modules"
    dataset_title = _("Training modules")
    dataset_description = _("Training modules for municipal staff: direction, objectives, duration, format and provider.")

    def create_item(self, *, organization: Organization, data: dict) -> TrainingModule:
        return training_module_create(organization=organization, fields=data, **self._actor())

    def update_item(self, *, item: TrainingModule, data: dict, expected_version: int | None) -> TrainingModule:
        return training_module_update(module=item, fields=data, expected_version=expected_version, **self._actor())


class TrainingSessionFilter(django_filters.FilterSet):
    module = django_filters.NumberFilter(field_name="module_id", help_text=_("Training module (id)."))
    direction = django_filters.CharFilter(field_name="module__direction__slug", help_text=_("Training direction (slug)."))
    organization = django_filters.CharFilter(field_name="organization__slug", help_text=_("Host organization (slug)."))
    region = django_filters.CharFilter(field_name="organization__region__slug", help_text=_("Region of the host (slug)."))
    participant = django_filters.CharFilter(
        method="filter_participant", help_text=_("Sessions in which this organization (slug) had participants.")
    )
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    updated_after = AwareIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = TrainingSession
        fields: list[str] = []

    def filter_participant(self, queryset, name: str, value: str):
        return queryset.filter(pk__in=TrainingSession.objects.filter(participations__organization__slug=value).values("pk"))


def _session_data(data: dict) -> tuple[dict, list | None]:
    participations = data.pop("participations", None)
    data.pop("organization", None)
    return data, participations


@extend_schema_view(
    create=extend_schema(request=TrainingSessionInputSerializer, responses={201: TrainingSessionOutputSerializer}),
    update=extend_schema(request=TrainingSessionInputSerializer, responses={200: TrainingSessionOutputSerializer}),
    partial_update=extend_schema(request=TrainingSessionInputSerializer, responses={200: TrainingSessionOutputSerializer}),
)
class TrainingSessionViewSet(OwnerFromRequestMixin, viewsets.ModelViewSet):
    """Sessions delivering a module, owned by their host organization; participants are counted per organization."""

    permission_classes = [TenantPermission]
    serializer_class = TrainingSessionOutputSerializer
    filterset_class = TrainingSessionFilter
    missing_owner_message = _("Say which organization hosts the session.")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrainingSession.objects.none()
        return training_session_list(principal=self.request.principal)

    def _actor(self) -> dict:
        return {"actor": self.request.principal.user, "api_key": self.request.principal.api_key}

    def _output(self, session: TrainingSession, *, status_code: int = status.HTTP_200_OK) -> Response:
        session = self.get_queryset().get(pk=session.pk)
        return Response(TrainingSessionOutputSerializer(session, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = TrainingSessionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, participations = _session_data(dict(serializer.validated_data))
        module = fields.pop("module")
        session = training_session_create(
            organization=self.get_tenant(), module=module, fields=fields, participations=participations, **self._actor()
        )
        return self._output(session, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        session = self.get_object()
        serializer = TrainingSessionInputSerializer(instance=session, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        fields, participations = _session_data(dict(serializer.validated_data))
        session = training_session_update(session=session, fields=fields, participations=participations, **self._actor())
        return self._output(session)

    def destroy(self, request, *args, **kwargs):
        training_session_delete(session=self.get_object(), **self._actor())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("direction", str, required=False, description="Count only this training direction (slug).")],
        responses=TrainingTotalsSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def totals(self, request):
        """Staff trained per municipality (participating organization) and per direction, in published modules."""
        direction = None
        if slug := request.query_params.get("direction"):
            direction = Term.objects.filter(vocabulary=Vocabulary.TRAINING_DIRECTION, slug=slug).first()
            if direction is None:
                raise exceptions.ValidationError({"direction": [_("There is no training direction “%(slug)s”.") % {"slug": slug}]})
        totals = {
            "by_organization": training_totals_by_organization(direction=direction),
            "by_direction": training_totals_by_direction(),
        }
        return Response(TrainingTotalsSerializer(totals).data)
