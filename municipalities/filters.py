import django_filters
from django.db.models import Q
from django.utils import timezone

from hub.api.filters import AwareIsoDateTimeFilter

from .models import ApiKey, AuditEntry, Invitation, Membership, Organization


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    region = django_filters.CharFilter(field_name="region__slug", label="region (slug)")
    municipality_kind = django_filters.ChoiceFilter(choices=Organization.MunicipalityKind.choices)

    class Meta:
        model = Organization
        fields = ["kind", "region", "municipality_kind"]


class MemberFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)
    email = django_filters.CharFilter(field_name="user__email", lookup_expr="icontains")

    class Meta:
        model = Membership
        fields = ["role", "email"]


class InvitationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Invitation.Status.choices, method="filter_status")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)
    email = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Invitation
        fields = ["status", "role", "email"]

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        conditions = {
            Invitation.Status.PENDING: open_ & Q(expires_at__gt=now),
            Invitation.Status.EXPIRED: open_ & Q(expires_at__lte=now),
            Invitation.Status.ACCEPTED: Q(accepted_at__isnull=False),
            Invitation.Status.REVOKED: Q(accepted_at__isnull=True, revoked_at__isnull=False),
        }
        return queryset.filter(conditions[value])


class ApiKeyFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(choices=ApiKey.Scope.choices)
    active = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", label="active (not revoked)")

    class Meta:
        model = ApiKey
        fields = ["scope", "active"]


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.CharFilter()
    created_after = AwareIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = AwareIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuditEntry
        fields = ["action", "created_after", "created_before"]
