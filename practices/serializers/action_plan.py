from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ActionPlan, Activity, ContentStatus, Goal, Indicator, IndicatorValue, Practice, Task
from ..selectors.action_plan import action_plan_attach_progress
from .adoption import PracticeRefSerializer
from .base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
)

PLAN_FIELDS = ["period_start", "period_end", "description_ka", "description_en"]
PROGRESS_HELP = _("Share of the way from baselines to targets, 0 to 1; null when nothing under it has indicators.")


def _progress_field() -> serializers.FloatField:
    return serializers.FloatField(read_only=True, allow_null=True, help_text=PROGRESS_HELP)


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["description_ka", "description_en"]


class IndicatorOutputSerializer(serializers.ModelSerializer):
    latest_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    progress = _progress_field()

    class Meta:
        model = Indicator
        fields = ["id", "name_ka", "name_en", "unit", "baseline", "target", "direction", "latest_value", "progress"]


class TaskOutputSerializer(serializers.ModelSerializer):
    activities = ActivitySerializer(many=True, read_only=True)
    indicators = IndicatorOutputSerializer(many=True, read_only=True)
    progress = _progress_field()

    class Meta:
        model = Task
        fields = ["id", "title_ka", "title_en", "executors", "starts_on", "ends_on", "monitoring_frequency", "activities", "indicators", "progress"]


class GoalOutputSerializer(serializers.ModelSerializer):
    tasks = TaskOutputSerializer(many=True, read_only=True)
    progress = _progress_field()

    class Meta:
        model = Goal
        fields = ["id", "title_ka", "title_en", "tasks", "progress"]


class ActionPlanOutputSerializer(ContentOutputSerializer):
    practices = PracticeRefSerializer(many=True, read_only=True)
    goals = GoalOutputSerializer(many=True, read_only=True)
    progress = _progress_field()

    class Meta:
        model = ActionPlan
        fields = [*CONTENT_OUTPUT_FIELDS, *PLAN_FIELDS, "practices", "progress", "goals"]

    def to_representation(self, plan: ActionPlan) -> dict:
        # Computed from the prefetched tree (see ActionPlanViewSet.list_prefetch), no queries.
        if not hasattr(plan, "progress"):
            action_plan_attach_progress([plan])
        return super().to_representation(plan)


class IndicatorInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, help_text=_("Keep an existing indicator (and its recorded values)."))

    class Meta:
        model = Indicator
        fields = ["id", "name_ka", "name_en", "unit", "baseline", "target", "direction"]


class TaskInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)
    activities = ActivitySerializer(many=True, required=False)
    indicators = IndicatorInputSerializer(many=True, required=False)

    class Meta:
        model = Task
        fields = ["id", "title_ka", "title_en", "executors", "starts_on", "ends_on", "monitoring_frequency", "activities", "indicators"]


class GoalInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)
    tasks = TaskInputSerializer(many=True, required=False)

    class Meta:
        model = Goal
        fields = ["id", "title_ka", "title_en", "tasks"]


class ActionPlanInputSerializer(ContentInputSerializer):
    practices = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Practice.objects.filter(status=ContentStatus.PUBLISHED),
        help_text=_("Ids of published practices the plan builds on."),
    )  # fmt: skip
    goals = GoalInputSerializer(
        many=True, required=False,
        help_text=_("The whole tree, in order; rows with an id keep that row, rows left out are deleted."),
    )  # fmt: skip

    class Meta:
        model = ActionPlan
        fields = [*CONTENT_INPUT_FIELDS, *PLAN_FIELDS, "practices", "goals"]


class ActionPlanExportSerializer(ContentExportSerializer):
    goals = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = [*CONTENT_EXPORT_FIELDS, "period_start", "period_end", "goals"]

    def get_goals(self, plan: ActionPlan) -> list[str]:
        return [goal.title_ka for goal in plan.goals.all()]


class IndicatorValueInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["recorded_at", "value", "note"]


class IndicatorValueOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "recorded_at", "value", "note", "created_at"]
