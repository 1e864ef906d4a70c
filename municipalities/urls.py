from django.urls import path

from . import views

urlpatterns = [
    path("organizations/", views.organization_directory, name="organization-directory"),
    # An organization's own page lists its work, so it lives with the work: practices/views/organization.py.
    path("my/organizations/", views.my_organizations, name="my-organizations"),
    path("my/organizations/<slug:slug>/members/", views.organization_members, name="organization-members"),
    path("my/organizations/<slug:slug>/members/<int:pk>/role/", views.organization_member_role, name="organization-member-role"),
    path("my/organizations/<slug:slug>/members/<int:pk>/remove/", views.organization_member_remove, name="organization-member-remove"),
    path("my/organizations/<slug:slug>/invitations/", views.organization_invitations, name="organization-invitations"),
    path(
        "my/organizations/<slug:slug>/invitations/<int:pk>/revoke/",
        views.organization_invitation_revoke,
        name="organization-invitation-revoke",
    ),
    path("my/organizations/<slug:slug>/api-keys/", views.organization_api_keys, name="organization-api-keys"),
    path(
        "my/organizations/<slug:slug>/api-keys/<int:pk>/revoke/",
        views.organization_api_key_revoke,
        name="organization-api-key-revoke",
    ),
    path("my/organizations/<slug:slug>/audit/", views.organization_audit, name="organization-audit"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
