"""The filters of the study-tour list, shared by its API and its web list (neither imports the other)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from practices.filtersets import ContentFilter

from .models import TOUR_LANGUAGES, TourOffering


class TourOfferingFilter(ContentFilter):
    practice = django_filters.NumberFilter(field_name="practices", help_text=_("Tours that show this practice (id)."))
    language_spoken = django_filters.ChoiceFilter(
        choices=TOUR_LANGUAGES, method="filter_language_spoken", label=_("Visit language"),
        help_text=_("Tours held in this language."),
    )

    class Meta:
        model = TourOffering
        fields: list[str] = []

    def filter_language_spoken(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(languages__contains=[value])
