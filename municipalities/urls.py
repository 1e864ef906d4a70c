from django.urls import path

from . import views

urlpatterns = [
    path("organizations/", views.organization_directory, name="organization-directory"),
    path("organizations/<slug:slug>/", views.organization_profile, name="organization-profile"),
    path("my/organizations/", views.my_organizations, name="my-organizations"),
]
