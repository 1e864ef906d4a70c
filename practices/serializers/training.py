from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from municipalities.models import Organization

from ..models import TRAINING_MODULE_FIELDS, SessionParticipation, Term, TrainingModule, TrainingSession, Vocabulary
from .base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
    OrganizationRefSerializer,
    TermSerializer,
)

SESSION_FIELDS = ["starts_on", "ends_on", "location_ka", "location_en", "trainers", "capacity"]


class TrainingModuleOutputSerializer(ContentOutputSerializer):
    direction = TermSerializer(read_only=True)
    provider = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = TrainingModule
        fields = [*CONTENT_OUTPUT_FIELDS, "direction", "provider", *TRAINING_MODULE_FIELDS]


class TrainingModuleInputSerializer(ContentInputSerializer):
    direction = serializers.SlugRelatedField(
        slug_field="slug", queryset=Term.objects.filter(vocabulary=Vocabulary.TRAINING_DIRECTION, is_active=True),
        help_text=_("Training direction (slug)."),
    )  # fmt: skip
    provider = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), required=False, allow_null=True,
        help_text=_("The organization that teaches the module (slug), e.g. a training centre."),
    )  # fmt: skip

    class Meta:
        model = TrainingModule
        fields = [*CONTENT_INPUT_FIELDS, "direction", "provider", *TRAINING_MODULE_FIELDS]
        # The database's check constraint (training_module_duration_positive), said before it is hit.
        extra_kwargs = {"duration_value": {"min_value": 1}}


class TrainingModuleExportSerializer(ContentExportSerializer):
    direction = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    provider = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = TrainingModule
        fields = [*CONTENT_EXPORT_FIELDS, "direction", "provider", "duration_value", "duration_unit", "format", "accreditation"]


class ModuleRefSerializer(serializers.ModelSerializer):
    direction = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = TrainingModule
        fields = ["id", "organization", "slug", "title_ka", "title_en", "direction"]


class ParticipationOutputSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = SessionParticipation
        fields = ["organization", "count"]


class ParticipationInputSerializer(serializers.Serializer):
    organization = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.all())
    count = serializers.IntegerField(min_value=1)


class TrainingSessionOutputSerializer(serializers.ModelSerializer):
    module = ModuleRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, help_text=_("The host organization."))
    participations = ParticipationOutputSerializer(many=True, read_only=True)
    participant_count = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "module", "organization", *SESSION_FIELDS, "participations", "participant_count", "created_at", "updated_at"]


class TrainingSessionInputSerializer(serializers.ModelSerializer):
    organization = serializers.SlugField(
        required=False, write_only=True,
        help_text=_("Slug of the host organization, for session users creating a session; API keys act for their own."),
    )  # fmt: skip
    module = serializers.PrimaryKeyRelatedField(queryset=TrainingModule.objects.all(), help_text=_("Id of the training module."))
    participations = ParticipationInputSerializer(
        many=True, required=False, help_text=_("Participants per organization; their sum may not exceed the capacity."),
    )  # fmt: skip

    class Meta:
        model = TrainingSession
        fields = ["organization", "module", *SESSION_FIELDS, "participations"]
        # The database's check constraint (training_session_capacity_positive), said before it is hit.
        extra_kwargs = {"capacity": {"min_value": 1}}


class TrainingTotalSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_ka = serializers.CharField()
    name_en = serializers.CharField()
    trained = serializers.IntegerField(help_text=_("Staff trained (participants counted)."))
    sessions = serializers.IntegerField()


class TrainingTotalsSerializer(serializers.Serializer):
    by_organization = TrainingTotalSerializer(many=True)
    by_direction = TrainingTotalSerializer(many=True)
