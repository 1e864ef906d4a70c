from django.urls import include, path

from .content_urls import content_pages
from .views import adoption, base, opendata, organization, practice

urlpatterns = [
    path("organizations/<slug:slug>/", organization.organization_profile, name="organization-profile"),
    path("practices/network/", adoption.adoption_network_page, name="adoption-network"),
    path("practices/<int:practice_id>/adopt/", adoption.AdoptionCreateView.as_view(), name="practice-adopt"),
    *content_pages(
        "practices", practice.Practice, list_view=practice.PracticeListView,
        detail_view=practice.PracticeDetailView, form_view=practice.PracticeFormView,
    ),
    path("attachments/<int:pk>/", base.attachment_download, name="attachment-download"),
    path("drafts/", base.DraftsView.as_view(), name="content-drafts"),
    path("open-data/", opendata.open_data_page, name="open-data"),
    path("", include("practices.urls_library")),
]
