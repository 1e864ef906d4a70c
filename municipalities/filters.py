import django_filters

from .models import Organization


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    region = django_filters.CharFilter(field_name="region__slug", label="region (slug)")
    municipality_kind = django_filters.ChoiceFilter(choices=Organization.MunicipalityKind.choices)

    class Meta:
        model = Organization
        fields = ["kind", "region", "municipality_kind"]
