from django.urls import include, path

from .views import adoption, base, opendata, organization, practice

urlpatterns = [
    path("organizations/<slug:slug>/", organization.organization_profile, name="organization-profile"),
    path("practices/", practice.PracticeListView.as_view(), name="practice-list"),
    path("practices/new/", practice.PracticeFormView.as_view(), name="practice-create"),
    path("practices/network/", adoption.adoption_network_page, name="adoption-network"),
    path("practices/<int:practice_id>/adopt/", adoption.AdoptionCreateView.as_view(), name="practice-adopt"),
    path("practices/<slug:organization>/<slug:slug>/", practice.PracticeDetailView.as_view(), name="practice-detail"),
    path("practices/<slug:organization>/<slug:slug>/edit/", practice.PracticeFormView.as_view(), name="practice-edit"),
    path("practices/<slug:organization>/<slug:slug>/publish/", base.ContentPublishView.as_view(model=practice.Practice), name="practice-publish"),
    path("practices/<slug:organization>/<slug:slug>/archive/", base.ContentArchiveView.as_view(model=practice.Practice), name="practice-archive"),
    path("practices/<slug:organization>/<slug:slug>/history/", base.ContentHistoryView.as_view(model=practice.Practice), name="practice-history"),
    path("practices/<slug:organization>/<slug:slug>/attachments/", base.AttachmentUploadView.as_view(model=practice.Practice), name="practice-attach"),
    path("attachments/<int:pk>/", base.attachment_download, name="attachment-download"),
    path("drafts/", base.DraftsView.as_view(), name="content-drafts"),
    path("open-data/", opendata.open_data_page, name="open-data"),
    path("", include("practices.urls_library")),
]
