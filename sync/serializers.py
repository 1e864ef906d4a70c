from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from practices.models import Term, Vocabulary

from .connectors import connector_choices
from .models import Language, Run, RunError, Schedule, Source


# --- feed ---------------------------------------------------------------------------------
class FeedOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_ka = serializers.CharField()
    name_en = serializers.CharField()


class FeedItemSerializer(serializers.Serializer):
    """Documents the feed's items; the selector builds them as plain JSON."""

    id = serializers.CharField(help_text=_("Stable id: “<type>:<number>”."))
    type = serializers.CharField(help_text=_("Content type: practice, actionplan, trainingmodule, …"))
    status = serializers.ChoiceField(choices=["published", "withdrawn", "deleted"])
    updated = serializers.DateTimeField()
    url = serializers.URLField(required=False)
    origin = serializers.CharField(required=False, help_text=_("Where the item was first published (its page there)."))
    organization = FeedOrganizationSerializer(required=False)
    fields = serializers.DictField(required=False, help_text=_("The item's fields (published items only)."))
    themes = serializers.ListField(child=serializers.CharField(), required=False)


class FeedPageSerializer(serializers.Serializer):
    items = FeedItemSerializer(many=True)
    next = serializers.CharField(help_text=_("Pass as ?since= to read on; keep it to resume later."))
    more = serializers.BooleanField(help_text=_("Whether another page follows now."))


# --- push ---------------------------------------------------------------------------------
class PushSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.JSONField(allow_null=True), max_length=500, allow_empty=False,
        help_text=_("Up to 500 items: {id, type?, deleted?, fields, themes?, url?}; each is checked on its own."),
    )


class PushResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    result = serializers.ChoiceField(choices=["created", "updated", "unchanged", "withdrawn", "invalid"])
    type = serializers.CharField()
    item_id = serializers.IntegerField(allow_null=True)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class PushCountsSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    invalid = serializers.IntegerField()


class PushAnswerSerializer(serializers.Serializer):
    run = serializers.IntegerField()
    counts = PushCountsSerializer()
    results = PushResultSerializer(many=True)


# --- sources and runs ---------------------------------------------------------------------
class SourceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    connector = serializers.ChoiceField(choices=[])
    url = serializers.URLField(max_length=500)
    schedule = serializers.ChoiceField(choices=Schedule.choices, default=Schedule.DAILY)
    content_type = serializers.CharField(max_length=60, default="practice")
    default_theme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Term.objects.filter(vocabulary=Vocabulary.THEME, is_active=True), required=False, allow_null=True
    )
    language = serializers.ChoiceField(choices=Language.choices, default=Language.KA)
    options = serializers.DictField(required=False, default=dict)
    credential_username = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    secret = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text=_("Stored encrypted; never shown back."))
    credential_setting = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["connector"].choices = connector_choices()


class RunSerializer(serializers.ModelSerializer):
    duration_seconds = serializers.SerializerMethodField()
    processed = serializers.IntegerField(read_only=True)

    class Meta:
        model = Run
        fields = [
            "id", "source", "trigger", "status", "full", "created_at", "started_at", "finished_at", "heartbeat_at", "pages",
            "fetched", "created", "updated", "unchanged", "withdrawn", "invalid", "processed", "message", "duration_seconds",
        ]
        read_only_fields = fields

    def get_duration_seconds(self, run: Run) -> float | None:
        return run.duration.total_seconds() if run.duration is not None else None


class RunErrorSerializer(serializers.ModelSerializer):
    class Meta:
        model = RunError
        fields = ["external_id", "stage", "message", "created_at"]
        read_only_fields = fields


class SourceOutputSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    default_theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    has_credentials = serializers.BooleanField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id", "organization", "name", "connector", "url", "schedule", "content_type", "default_theme", "language",
            "options", "enabled", "paused_reason", "credential_username", "credential_setting", "has_credentials",
            "consecutive_failures", "created_at", "updated_at",
        ]
        read_only_fields = fields


class RunRequestSerializer(serializers.Serializer):
    full = serializers.BooleanField(default=False, help_text=_("Read everything again, not only what changed."))
