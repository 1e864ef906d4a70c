from rest_framework import serializers

from .models import Organization, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name_ka", "name_en"]


class OrganizationSerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail", lookup_field="slug")

    class Meta:
        model = Organization
        fields = [
            "url", "slug", "kind", "name_ka", "name_en", "region", "municipality_kind",
            "description_ka", "description_en", "website", "portal_url", "contact_email", "contact_phone",
            "address", "created_at", "updated_at",
        ]
