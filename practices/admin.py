from django.contrib import admin

from .models import Adoption, Attachment, OrganizationDataPolicy, Practice, PracticeActivity, Revision, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """NALA admins edit the managed lists (themes, training directions, service categories) here."""

    list_display = ["name_ka", "name_en", "vocabulary", "slug", "position", "is_active"]
    list_filter = ["vocabulary", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name_ka", "name_en", "slug"]


class PracticeActivityInline(admin.TabularInline):
    model = PracticeActivity
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title_ka", "organization", "status", "version", "updated_at"]
    list_filter = ["status", "themes"]
    search_fields = ["title_ka", "title_en", "slug"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    inlines = [PracticeActivityInline]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["organization", "practice", "status", "date"]
    list_filter = ["status"]
    list_select_related = ["organization", "practice"]
    raw_id_fields = ["organization", "practice"]


@admin.register(OrganizationDataPolicy)
class OrganizationDataPolicyAdmin(admin.ModelAdmin):
    list_display = ["organization", "licence_url", "updated_at"]
    raw_id_fields = ["organization"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "number", "created_at"]
    list_filter = ["content_type"]
    readonly_fields = ["content_type", "object_id", "number", "snapshot", "created_by", "created_at"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "organization", "mime_type", "size", "created_at"]
    readonly_fields = ["file", "storage_key", "mime_type", "size", "uploaded_by", "created_at"]
