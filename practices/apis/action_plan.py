from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from municipalities.models import Organization

from ..filtersets import ActionPlanFilter
from ..models import ActionPlan, Indicator
from ..selectors.action_plan import action_plan_prefetch
from ..serializers.action_plan import (
    ActionPlanExportSerializer,
    ActionPlanInputSerializer,
    ActionPlanOutputSerializer,
    IndicatorValueInputSerializer,
    IndicatorValueOutputSerializer,
)
from ..services.action_plan import action_plan_create, action_plan_update, indicator_value_record
from ..services.action_plan import split_plan_data
from .base import ContentViewSet


class ActionPlanViewSet(ContentViewSet):
    """Action plans: goals → tasks → activities and indicators, with progress computed from recorded values."""

    model = ActionPlan
    output_serializer_class = ActionPlanOutputSerializer
    input_serializer_class = ActionPlanInputSerializer
    export_serializer_class = ActionPlanExportSerializer
    filterset_class = ActionPlanFilter
    list_prefetch = action_plan_prefetch()
    dataset_name = "action-plans"
    dataset_title = _("Municipal action plans")
    dataset_description = _("Action plans of Georgian municipalities: goals, tasks, indicators and their progress.")

    def create_item(self, *, organization: Organization, data: dict) -> ActionPlan:
        fields, relations = split_plan_data(data)
        return action_plan_create(organization=organization, fields=fields, **relations, actor=self.actor)

    def update_item(self, *, item: ActionPlan, data: dict, expected_version: int | None) -> ActionPlan:
        fields, relations = split_plan_data(data)
        return action_plan_update(plan=item, fields=fields, expected_version=expected_version, **relations, actor=self.actor)

    @extend_schema(request=IndicatorValueInputSerializer, responses={201: IndicatorValueOutputSerializer})
    @action(detail=True, methods=["post"], url_path=r"indicators/(?P<indicator_id>\d+)/values")
    def record_value(self, request, pk=None, indicator_id=None):
        """Record an indicator's actual value (editors of the plan's organization)."""
        plan = self.get_object()
        indicator = get_object_or_404(Indicator.objects.select_related("task__goal__plan__organization"), pk=indicator_id, task__goal__plan=plan)
        serializer = IndicatorValueInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = indicator_value_record(indicator=indicator, **serializer.validated_data, actor=self.actor)
        return Response(IndicatorValueOutputSerializer(entry).data, status=status.HTTP_201_CREATED)
