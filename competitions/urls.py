from django.urls import path

from . import views

# The fixed paths come first: `competitions/<slug>/` would otherwise take `competitions/reviews/`.
urlpatterns = [
    path("competitions/", views.CallListView.as_view(), name="competition-calls"),
    path("competitions/new/", views.CallCreateView.as_view(), name="competition-call-new"),
    path("competitions/applications/", views.MyApplicationsView.as_view(), name="competition-my-applications"),
    path("competitions/applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="competition-application"),
    path("competitions/applications/<int:pk>/edit/", views.ApplicationEditView.as_view(), name="competition-application-edit"),
    path("competitions/applications/<int:pk>/submit/", views.ApplicationSubmitView.as_view(), name="competition-application-submit"),
    path(
        "competitions/applications/<int:pk>/withdraw/", views.ApplicationWithdrawView.as_view(), name="competition-application-withdraw"
    ),
    path("competitions/applications/<int:pk>/attach/", views.ApplicationAttachView.as_view(), name="competition-application-attach"),
    path(
        "competitions/applications/<int:pk>/files/<int:attachment_id>/",
        views.ApplicationFileView.as_view(), name="competition-application-file",
    ),
    path("competitions/applications/<int:pk>/receipt.pdf", views.ReceiptView.as_view(), name="competition-application-receipt"),
    path("competitions/applications/<int:pk>/dossier.pdf", views.DossierView.as_view(), name="competition-application-dossier"),
    path("competitions/applications/<int:pk>/decide/", views.DecideView.as_view(), name="competition-application-decide"),
    path("competitions/applications/<int:pk>/reviewers/", views.AssignReviewerView.as_view(), name="competition-application-assign"),
    path("competitions/reviews/", views.MyReviewsView.as_view(), name="competition-my-reviews"),
    path("competitions/reviews/<int:pk>/", views.ReviewView.as_view(), name="competition-review"),
    path("competitions/reviews/<int:pk>/conflict/", views.ConflictView.as_view(), name="competition-review-conflict"),
    path("competitions/reviews/<int:pk>/unassign/", views.UnassignView.as_view(), name="competition-review-unassign"),
    path("competitions/<slug:slug>/", views.CallDetailView.as_view(), name="competition-call"),
    path("competitions/<slug:slug>/apply/", views.ApplyView.as_view(), name="competition-apply"),
    path("competitions/<slug:slug>/form.docx", views.BlankFormView.as_view(), name="competition-blank-form"),
    path("competitions/<slug:slug>/results/", views.CallResultsView.as_view(), name="competition-results"),
    path("competitions/<slug:slug>/manage/", views.DashboardView.as_view(), name="competition-dashboard"),
    path(
        "competitions/<slug:slug>/manage/ranking.<str:file_format>",
        views.RankingExportView.as_view(), name="competition-ranking-export",
    ),
    path("competitions/<slug:slug>/manage/advance/", views.AdvanceView.as_view(), name="competition-advance"),
    path("competitions/<slug:slug>/manage/assign/", views.AssignView.as_view(), name="competition-assign"),
    path("competitions/<slug:slug>/manage/publish/", views.PublishResultsView.as_view(), name="competition-publish"),
]
