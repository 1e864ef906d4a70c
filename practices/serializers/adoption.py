from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Adoption, Practice
from .base import OrganizationRefSerializer


class PracticeRefSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Practice
        fields = ["id", "slug", "title_ka", "title_en", "organization"]


class AdoptionOutputSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    practice = PracticeRefSerializer(read_only=True)

    class Meta:
        model = Adoption
        fields = ["id", "organization", "practice", "status", "date", "notes_ka", "notes_en", "created_at", "updated_at"]


class AdoptionCreateSerializer(serializers.Serializer):
    organization = serializers.SlugField(
        required=False, help_text=_("The adopting organization (session users); API keys act for their own.")
    )
    practice = serializers.IntegerField(help_text=_("Id of a published practice of another organization."))
    status = serializers.ChoiceField(choices=Adoption.Status.choices, default=Adoption.Status.PLANNED)
    date = serializers.DateField()
    notes_ka = serializers.CharField(required=False, allow_blank=True, default="")
    notes_en = serializers.CharField(required=False, allow_blank=True, default="")


class AdoptionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Adoption.Status.choices, required=False)
    date = serializers.DateField(required=False)
    notes_ka = serializers.CharField(required=False, allow_blank=True)
    notes_en = serializers.CharField(required=False, allow_blank=True)


class AdoptionExportSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    practice_id = serializers.IntegerField(source="practice.id", read_only=True)
    practice_organization = serializers.SlugRelatedField(source="practice.organization", slug_field="slug", read_only=True)

    class Meta:
        model = Adoption
        fields = ["id", "organization", "practice_id", "practice_organization", "status", "date", "updated_at"]
