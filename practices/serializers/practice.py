from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import PRACTICE_FORM_FIELDS, Practice, PracticeActivity
from .base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
    TermSerializer,
)

class PracticeActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeActivity
        fields = ["stage_ka", "stage_en", "activity_ka", "activity_en", "result_ka", "result_en"]


class PracticeOutputSerializer(ContentOutputSerializer):
    # Lists prefetched by PracticeViewSet (PRACTICE_API_PREFETCH).
    themes = TermSerializer(many=True, read_only=True, source="prefetched_themes")
    activities = PracticeActivitySerializer(many=True, read_only=True, source="prefetched_activities")

    class Meta:
        model = Practice
        fields = [*CONTENT_OUTPUT_FIELDS, "themes", *PRACTICE_FORM_FIELDS, "activities"]


class PracticeInputSerializer(ContentInputSerializer):
    # Checked against the managed list by the service, which names the unknown slugs.
    themes = serializers.ListField(child=serializers.SlugField(), required=False, help_text=_("Theme slugs, see /api/v1/themes/."))
    activities = PracticeActivitySerializer(many=True, required=False, help_text=_("The activity plan's rows, in order."))

    class Meta:
        model = Practice
        fields = [*CONTENT_INPUT_FIELDS, "themes", *PRACTICE_FORM_FIELDS, "activities"]


class PracticeExportSerializer(ContentExportSerializer):
    themes = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [*CONTENT_EXPORT_FIELDS, "themes", "initiator_ka", "initiator_en", "period_start", "period_end",
                  "challenge_ka", "challenge_en", "short_description_ka", "short_description_en",
                  "results_ka", "results_en", "budget_gel"]  # fmt: skip

    def get_themes(self, practice: Practice) -> list[str]:
        return [theme.slug for theme in practice.prefetched_themes]
