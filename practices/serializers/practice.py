from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Practice, PracticeActivity
from .base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
    TermSerializer,
)

# Every field of the NALA form besides the title, themes and activity plan, in form order.
PRACTICE_FORM_FIELDS = [
    "initiator_ka", "initiator_en", "period_start", "period_end", "population",
    "municipality_profile_ka", "municipality_profile_en", "internal_factors_ka", "internal_factors_en",
    "external_factors_ka", "external_factors_en", "challenge_ka", "challenge_en",
    "short_description_ka", "short_description_en", "detailed_description_ka", "detailed_description_en",
    "decisions_documents_ka", "decisions_documents_en", "engagement_ka", "engagement_en",
    "resources_human_ka", "resources_human_en", "resources_financial_ka", "resources_financial_en", "budget_gel",
    "resources_technical_ka", "resources_technical_en", "problems_solutions_ka", "problems_solutions_en",
    "partners_ka", "partners_en", "other_information_ka", "other_information_en", "results_ka", "results_en",
    "success_factors_ka", "success_factors_en",
    "sustainability_service_delivery_ka", "sustainability_service_delivery_en",
    "sustainability_budget_ka", "sustainability_budget_en",
    "sustainability_public_support_ka", "sustainability_public_support_en",
    "sustainability_next_year_budget_ka", "sustainability_next_year_budget_en",
    "council_role_ka", "council_role_en", "council_selection_ka", "council_selection_en",
    "council_factions_ka", "council_factions_en", "future_plans_ka", "future_plans_en",
    "contact_name", "contact_position", "contact_email", "contact_phone",
    "project_contacts_ka", "project_contacts_en", "document_links_ka", "document_links_en",
]  # fmt: skip


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
