from django.contrib import admin

from .models import DigestSubscription, Follow


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "theme", "organization", "practice", "created_at")
    list_filter = ("kind",)
    search_fields = ("user__email",)
    raw_id_fields = ("user", "practice")


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "is_active", "last_sent_at")
    list_filter = ("is_active", "language")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)
