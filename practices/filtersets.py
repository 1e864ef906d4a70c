"""The filters of every collection, shared by its API and its web list (neither imports the other)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hub.api.filters import AwareIsoDateTimeFilter

from .models import ActionPlan, Adoption, ContentStatus, Practice, ServiceDescription, TrainingModule, TrainingSession
from .selectors.practice import practice_with_theme


class ContentFilter(django_filters.FilterSet):
    """Filters every collection offers; types add theirs (theme, category, direction, …)."""

    organization = django_filters.CharFilter(field_name="organization__slug", help_text=_("Owner organization (slug)."))
    region = django_filters.CharFilter(field_name="organization__region__slug", help_text=_("Region (slug)."))
    status = django_filters.ChoiceFilter(choices=ContentStatus.choices)
    language = django_filters.ChoiceFilter(
        choices=[("en", "en"), ("ka", "ka")],
        method="filter_language",
        help_text=_("`en`: items with an English title; `ka`: items in Georgian only."),
    )
    updated_after = AwareIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", help_text=_("ISO 8601 date-time with offset.")
    )

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.exclude(title_en="") if value == "en" else queryset.filter(title_en="")


class PracticeFilter(ContentFilter):
    theme = django_filters.CharFilter(method="filter_theme", help_text=_("Theme (slug)."))

    class Meta:
        model = Practice
        fields: list[str] = []

    def filter_theme(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return practice_with_theme(queryset=queryset, slug=value)


class ActionPlanFilter(ContentFilter):
    class Meta:
        model = ActionPlan
        fields: list[str] = []


class ServiceFilter(ContentFilter):
    category = django_filters.CharFilter(field_name="category__slug", help_text=_("Service category (slug)."))

    class Meta:
        model = ServiceDescription
        fields: list[str] = []


class TrainingModuleFilter(ContentFilter):
    direction = django_filters.CharFilter(field_name="direction__slug", help_text=_("Training direction (slug)."))
    provider = django_filters.CharFilter(field_name="provider__slug", help_text=_("Provider organization (slug)."))
    # Not "format": DRF reads that query parameter as the response format.
    delivery = django_filters.ChoiceFilter(field_name="format", choices=TrainingModule.Format.choices, help_text=_("Format."))

    class Meta:
        model = TrainingModule
        fields: list[str] = []


class TrainingSessionFilter(django_filters.FilterSet):
    module = django_filters.NumberFilter(field_name="module_id", help_text=_("Training module (id)."))
    direction = django_filters.CharFilter(field_name="module__direction__slug", help_text=_("Training direction (slug)."))
    organization = django_filters.CharFilter(field_name="organization__slug", help_text=_("Host organization (slug)."))
    region = django_filters.CharFilter(field_name="organization__region__slug", help_text=_("Region of the host (slug)."))
    participant = django_filters.CharFilter(
        method="filter_participant", help_text=_("Sessions in which this organization (slug) had participants.")
    )
    starts_after = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    updated_after = AwareIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = TrainingSession
        fields: list[str] = []

    def filter_participant(self, queryset, name: str, value: str):
        return queryset.filter(pk__in=TrainingSession.objects.filter(participations__organization__slug=value).values("pk"))


class AdoptionFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__slug", help_text=_("Adopting organization (slug)."))
    source = django_filters.CharFilter(field_name="practice__organization__slug", help_text=_("Organization whose practice was adopted (slug)."))
    practice = django_filters.NumberFilter(field_name="practice_id")
    status = django_filters.ChoiceFilter(choices=Adoption.Status.choices)
    updated_after = AwareIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Adoption
        fields: list[str] = []

