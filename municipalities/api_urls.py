from django.urls import path
from rest_framework.routers import DefaultRouter

from . import apis

app_name = "api"

TENANT = r"organizations/(?P<organization_slug>[-a-zA-Z0-9_]+)"

router = DefaultRouter()
router.register("organizations", apis.OrganizationViewSet, basename="organization")
router.register(f"{TENANT}/members", apis.MemberViewSet, basename="organization-member")
router.register(f"{TENANT}/invitations", apis.InvitationViewSet, basename="organization-invitation")
router.register(f"{TENANT}/api-keys", apis.ApiKeyViewSet, basename="organization-api-key")
router.register(f"{TENANT}/audit", apis.AuditEntryViewSet, basename="organization-audit")

urlpatterns = [
    path("invitations/accept/", apis.InvitationAcceptApi.as_view(), name="invitation-accept"),
    *router.urls,
]
