from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from municipalities.models import Organization
from municipalities.permissions import TenantPermission

from ..filtersets import TrainingModuleFilter, TrainingSessionFilter
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
from .base import ContentViewSet, OwnerFromRequestMixin


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
        return training_module_create(organization=organization, fields=data, actor=self.actor)

    def update_item(self, *, item: TrainingModule, data: dict, expected_version: int | None) -> TrainingModule:
        return training_module_update(module=item, fields=data, expected_version=expected_version, actor=self.actor)


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
        return training_session_list(actor=self.actor)


    def _output(self, session: TrainingSession, *, status_code: int = status.HTTP_200_OK) -> Response:
        session = self.get_queryset().get(pk=session.pk)
        return Response(TrainingSessionOutputSerializer(session, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = TrainingSessionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, participations = _session_data(dict(serializer.validated_data))
        module = fields.pop("module")
        session = training_session_create(
            organization=self.get_tenant(), module=module, fields=fields, participations=participations, actor=self.actor
        )
        return self._output(session, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        session = self.get_object()
        serializer = TrainingSessionInputSerializer(instance=session, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        fields, participations = _session_data(dict(serializer.validated_data))
        session = training_session_update(session=session, fields=fields, participations=participations, actor=self.actor)
        return self._output(session)

    def destroy(self, request, *args, **kwargs):
        training_session_delete(session=self.get_object(), actor=self.actor)
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
