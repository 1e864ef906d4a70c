"""The Best Practice Programme over the API: input serializers check the shape, services decide."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from practices.models import PRACTICE_FORM_FIELDS, Practice
from practices.serializers.base import AttachmentSerializer
from practices.serializers.practice import PracticeActivitySerializer

from .models import (
    THEME_LIMIT_MAX,
    Application,
    Assignment,
    Call,
    CallTheme,
    Criterion,
    Score,
)

CALL_WRITE_FIELDS = [
    "edition", "title_ka", "title_en", "rules_ka", "rules_en", "opens_at", "closes_at", "eligible_kinds",
    "reviewers_per_application", "short_description_word_limit", "reviews_visible_after_own", "disagreement_threshold",
]  # fmt: skip


# --- calls --------------------------------------------------------------------------------------
class CallThemeSerializer(serializers.ModelSerializer):
    term = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name_ka = serializers.CharField(source="term.name_ka", read_only=True)
    name_en = serializers.CharField(source="term.name_en", read_only=True)

    class Meta:
        model = CallTheme
        fields = ["id", "term", "name_ka", "name_en", "limit_per_applicant"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name_ka", "name_en", "weight", "min_score", "max_score"]


class CallOutputSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = CallThemeSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = ["id", "slug", "organization", *CALL_WRITE_FIELDS, "phase", "results_published_at", "themes", "criteria"]


class CallThemeInputSerializer(serializers.Serializer):
    term = serializers.SlugField(help_text=_("Slug of a practice theme."))
    limit_per_applicant = serializers.IntegerField(
        min_value=1, max_value=THEME_LIMIT_MAX, required=False, allow_null=True, default=None
    )


class CriterionInputSerializer(serializers.Serializer):
    name_ka = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, default=1)
    min_score = serializers.IntegerField(min_value=-1000, max_value=1000, default=0)
    max_score = serializers.IntegerField(min_value=-1000, max_value=1000, default=10)


class CallCreateSerializer(serializers.ModelSerializer):
    themes = CallThemeInputSerializer(many=True)
    criteria = CriterionInputSerializer(many=True)

    class Meta:
        model = Call
        fields = [*CALL_WRITE_FIELDS, "themes", "criteria"]


class CallUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Call
        fields = CALL_WRITE_FIELDS


class RankingRowSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    organization = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    reviews = serializers.IntegerField()
    mean_total = serializers.FloatField(allow_null=True)
    normalized = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()
    decision = serializers.CharField()


class RankingThemeSerializer(serializers.Serializer):
    theme = serializers.IntegerField()
    name = serializers.CharField()
    applications = RankingRowSerializer(many=True)


class RankingSerializer(serializers.Serializer):
    normalized = serializers.BooleanField()
    themes = RankingThemeSerializer(many=True)


class AssignmentResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("New assignments made."))


# --- applications ---------------------------------------------------------------------------------
class ApplicationContentSerializer(serializers.ModelSerializer):
    """The application's sections: the fields of NALA's form, as the practice holds them."""

    activities = PracticeActivitySerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Practice
        fields = ["id", "version", "title_ka", "title_en", *PRACTICE_FORM_FIELDS, "activities", "attachments"]


class ApplicationOutputSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    call = serializers.PrimaryKeyRelatedField(read_only=True)
    theme = serializers.PrimaryKeyRelatedField(read_only=True)
    content = ApplicationContentSerializer(source="practice", read_only=True)
    decision = serializers.ChoiceField(
        choices=Application.Decision.choices, source="shown_decision", read_only=True,
        help_text=_("Empty until the results are published (the call's managers see it during the deliberation)."),
    )  # fmt: skip

    class Meta:
        model = Application
        fields = [
            "id", "reference", "call", "organization", "theme", "status", "decision", "submitted_at", "content_sha256",
            "created_at", "updated_at", "content",
        ]  # fmt: skip


class ApplicationInputSerializer(serializers.ModelSerializer):
    """The form's fields; on creation also the call, the applicant and the theme."""

    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all(), required=False)
    organization = serializers.SlugField(required=False, help_text=_("The applicant municipality (slug)."))
    theme = serializers.PrimaryKeyRelatedField(queryset=CallTheme.objects.all(), required=False)
    activities = PracticeActivitySerializer(many=True, required=False)
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a newer one is refused (412)."))

    class Meta:
        model = Practice
        fields = ["call", "organization", "theme", "version", "title_ka", "title_en", *PRACTICE_FORM_FIELDS, "activities"]
        extra_kwargs = {"title_ka": {"required": False}}


class ProblemsSerializer(serializers.Serializer):
    ready = serializers.BooleanField()
    sections = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Application.Decision.choices, allow_blank=True)


class AttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


# --- reviews --------------------------------------------------------------------------------------
class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Score
        fields = ["criterion", "value", "comment"]


class ReviewOutputSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(read_only=True)
    call = serializers.PrimaryKeyRelatedField(read_only=True)
    reviewer = serializers.PrimaryKeyRelatedField(read_only=True)
    reviewer_name = serializers.CharField(source="reviewer.__str__", read_only=True)
    application_title = serializers.CharField(source="application.title", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "call", "application", "application_title", "reviewer", "reviewer_name", "manual", "status", "comment",
            "submitted_at", "scores",
        ]  # fmt: skip


class ReviewCreateSerializer(serializers.Serializer):
    application = serializers.IntegerField(min_value=1)
    reviewer = serializers.IntegerField(min_value=1, help_text=_("The reviewer (user id)."))


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1)
    value = serializers.IntegerField(min_value=-32768, max_value=32767)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewUpdateSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True, required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True)


class ConflictSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
