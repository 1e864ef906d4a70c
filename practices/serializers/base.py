"""Serializers every content type shares: the common fields, attachments, revisions, diffs."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hub.api.serializers import BuiltFieldsOnceMixin
from municipalities.models import Organization

from ..models import Attachment, Content, Revision, Term

CONTENT_OUTPUT_FIELDS = [
    "id", "url", "organization", "slug", "status", "title_ka", "title_en",
    "version", "created_at", "updated_at", "published_at", "locked", "lock_reason", "attachments",
]  # fmt: skip
CONTENT_INPUT_FIELDS = ["organization", "slug", "title_ka", "title_en"]
CONTENT_EXPORT_FIELDS = ["id", "url", "organization", "region", "slug", "title_ka", "title_en", "published_at", "updated_at"]


def default_language_path(item: Content) -> str:
    # One URL per item whatever the request's language, so the ETag describes a single representation.
    with translation.override(settings.LANGUAGE_CODE):
        return item.get_absolute_url()


class OrganizationRefSerializer(serializers.ModelSerializer):
    # Agencies, NALA and partners have no region.
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ["slug", "name_ka", "name_en", "region"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["slug", "name_ka", "name_en", "position", "is_active"]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "title", "original_name", "mime_type", "size", "created_at", "download_url"]

    def get_download_url(self, attachment: Attachment) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("attachment-download", args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ContentOutputSerializer(BuiltFieldsOnceMixin, serializers.ModelSerializer):
    """Base of every type's output; subclasses extend Meta.fields with CONTENT_OUTPUT_FIELDS + their own."""

    url = serializers.SerializerMethodField(help_text=_("The item's public page."))
    organization = OrganizationRefSerializer(read_only=True)
    # Filled by ContentViewSet._with_relations, which every path to this serializer goes through.
    attachments = AttachmentSerializer(many=True, read_only=True, source="prefetched_attachments")
    locked = serializers.BooleanField(source="is_locked", read_only=True, help_text=_("Locked items change only at their source."))
    lock_reason = serializers.CharField(read_only=True, help_text=_("Why the item cannot be changed here; empty when unlocked."))

    def get_url(self, item: Content) -> str:
        request = self.context.get("request")
        path = default_language_path(item)
        return request.build_absolute_uri(path) if request else path


class ContentInputSerializer(serializers.ModelSerializer):
    """Base of every type's input. `organization` only matters on creation (see ContentViewSet.get_tenant)."""

    organization = serializers.SlugField(
        required=False, write_only=True,
        help_text=_("Slug of the owner organization, for session users creating an item; API keys act for their own."),
    )
    slug = serializers.SlugField(max_length=120, required=False, help_text=_("Generated from the title when left out."))

    def get_validators(self) -> list:
        # Slug uniqueness per organization is checked by the service, which knows the owner.
        return []


class ContentExportSerializer(serializers.ModelSerializer):
    """A flat row for the CSV/JSON open-data downloads."""

    url = serializers.SerializerMethodField()
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SerializerMethodField()

    def get_url(self, item: Content) -> str:
        request = self.context.get("request")
        path = default_language_path(item)
        return request.build_absolute_uri(path) if request else path

    def get_region(self, item: Content) -> str:
        region = item.organization.region
        return region.slug if region else ""


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Revision
        fields = ["number", "created_at", "snapshot"]


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()
    diff = serializers.ListField(child=serializers.CharField(), help_text=_("Unified diff lines."))
