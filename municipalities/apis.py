from rest_framework import viewsets

from .filters import OrganizationFilter
from .selectors import organization_list
from .serializers import OrganizationSerializer


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organizations of the hub: the 64 municipalities, NALA, agencies and partners."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return organization_list()
