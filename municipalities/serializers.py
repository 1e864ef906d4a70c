from rest_framework import serializers

from .models import ApiKey, AuditEntry, Invitation, Membership, Organization, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name_ka", "name_en"]


class OrganizationSerializer(serializers.ModelSerializer):
    # Agencies, NALA and partners have no region.
    region = RegionSerializer(read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail", lookup_field="slug")

    class Meta:
        model = Organization
        fields = [
            "url", "slug", "kind", "name_ka", "name_en", "region", "municipality_kind",
            "description_ka", "description_en", "website", "portal_url", "contact_email", "contact_phone",
            "address", "created_at", "updated_at",
        ]


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "email", "full_name", "role", "created_at", "updated_at"]


class MemberRoleInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class InvitationSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Invitation.Status.choices, read_only=True)
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]


class InvitationCreateInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class InvitationAcceptInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class ApiKeySerializer(serializers.ModelSerializer):
    created_by = serializers.EmailField(source="created_by.email", read_only=True, default=None)

    class Meta:
        model = ApiKey
        fields = ["id", "name", "scope", "key_prefix", "is_active", "created_by", "created_at", "last_used_at", "revoked_at"]


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.SerializerMethodField(help_text="The secret, shown this once; only its hash is stored.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]

    def get_key(self, api_key) -> str:
        return self.context["secret"]


class ApiKeyCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=ApiKey.Scope.choices)


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", read_only=True, default=None)
    api_key = serializers.CharField(source="api_key.name", read_only=True, default=None)

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "action", "actor", "api_key", "target_type", "target_id", "data"]
