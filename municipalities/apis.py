from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .actors import Actor
from .filters import ApiKeyFilter, AuditEntryFilter, InvitationFilter, MemberFilter, OrganizationFilter
from .models import ApiKey, AuditEntry, Invitation, Membership, Organization
from .permissions import TenantPermission
from .selectors import api_key_list, audit_entries_for, invitation_list, member_list, organization_list
from .serializers import (
    ApiKeyCreatedSerializer,
    ApiKeyCreateInputSerializer,
    ApiKeySerializer,
    AuditEntrySerializer,
    InvitationAcceptInputSerializer,
    InvitationCreateInputSerializer,
    InvitationSerializer,
    MemberRoleInputSerializer,
    MemberSerializer,
    OrganizationSerializer,
)

ORGANIZATION_SLUG = OpenApiParameter(
    "organization_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The organization's slug, e.g. rustavi."
)


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organizations of the hub: the 64 municipalities, NALA, agencies and partners."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return organization_list()


@extend_schema(parameters=[ORGANIZATION_SLUG])
class TenantViewSet(viewsets.GenericViewSet):
    """Base for endpoints nested under /organizations/{organization_slug}/.

    The organization comes from the URL, is resolved once by TenantPermission
    through `get_tenant()`, and every queryset starts from it, so an object of
    another organization is simply not found.
    """

    permission_classes = [TenantPermission]
    lookup_value_converter = "int"

    def get_tenant(self) -> Organization:
        if not hasattr(self, "_tenant"):
            self._tenant = get_object_or_404(organization_list(), slug=self.kwargs["organization_slug"])
        return self._tenant


@extend_schema_view(
    partial_update=extend_schema(
        request=MemberRoleInputSerializer, responses=MemberSerializer, summary="Change a member's role"
    ),
    destroy=extend_schema(summary="Remove a member"),
)
class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The organization's members; members read, administrators change roles and remove."""

    # Names the model for schema generation; get_queryset() starts from the tenant.
    queryset = Membership.objects.none()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    read_role = Membership.Role.MEMBER
    write_role = Membership.Role.ADMIN

    def get_queryset(self):
        return member_list(organization=self.get_tenant())

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = MemberRoleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(membership=membership, role=data.validated_data["role"], actor=Actor.from_request(request))
        return Response(MemberSerializer(membership).data)

    def destroy(self, request, *args, **kwargs):
        services.membership_remove(membership=self.get_object(), actor=Actor.from_request(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=extend_schema(
        request=InvitationCreateInputSerializer,
        responses={201: InvitationSerializer},
        summary="Invite someone by e-mail",
        description="Sends a single-use link that expires after INVITATION_VALID_DAYS days.",
    ),
    revoke=extend_schema(request=None, responses=InvitationSerializer, summary="Revoke an invitation"),
)
class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    queryset = Invitation.objects.none()
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter
    read_role = Membership.Role.ADMIN
    write_role = Membership.Role.ADMIN

    def get_queryset(self):
        return invitation_list(organization=self.get_tenant())

    def create(self, request, *args, **kwargs):
        data = InvitationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation, _token = services.invitation_create(organization=self.get_tenant(), actor=Actor.from_request(request), **data.validated_data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        invitation = services.invitation_revoke(invitation=self.get_object(), actor=Actor.from_request(request))
        return Response(InvitationSerializer(invitation).data)


@extend_schema_view(
    create=extend_schema(
        request=ApiKeyCreateInputSerializer,
        responses={201: ApiKeyCreatedSerializer},
        summary="Create an API key",
        description="The response carries the key itself this one time; store it, the hub keeps only its hash.",
    ),
    revoke=extend_schema(request=None, responses=ApiKeySerializer, summary="Revoke an API key"),
)
class ApiKeyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """API keys are managed by administrators signed in with two-factor authentication, never by keys."""

    queryset = ApiKey.objects.none()
    serializer_class = ApiKeySerializer
    filterset_class = ApiKeyFilter
    read_role = Membership.Role.ADMIN
    write_role = Membership.Role.ADMIN

    def get_queryset(self):
        return api_key_list(organization=self.get_tenant())

    def create(self, request, *args, **kwargs):
        data = ApiKeyCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        api_key, secret = services.api_key_create(organization=self.get_tenant(), actor=Actor.from_request(request), **data.validated_data)
        return Response(ApiKeyCreatedSerializer(api_key, context={"secret": secret}).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        api_key = services.api_key_revoke(api_key=self.get_object(), actor=Actor.from_request(request))
        return Response(ApiKeySerializer(api_key).data)


class AuditEntryViewSet(mixins.ListModelMixin, TenantViewSet):
    """Who changed what in the organization, newest first; for its administrators."""

    queryset = AuditEntry.objects.none()
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    read_role = Membership.Role.ADMIN

    def get_queryset(self):
        return audit_entries_for(organization=self.get_tenant())


class SignedInPerson(permissions.BasePermission):
    message = _("Sign in as a person to accept an invitation; API keys cannot accept invitations.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class InvitationAcceptApi(APIView):
    """The signed-in user accepts an invitation sent to one of their verified e-mail addresses."""

    permission_classes = [SignedInPerson]

    @extend_schema(request=InvitationAcceptInputSerializer, responses={201: MemberSerializer}, summary="Accept an invitation")
    def post(self, request):
        data = InvitationAcceptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.invitation_accept(token=data.validated_data["token"], actor=Actor.from_request(request))
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)
