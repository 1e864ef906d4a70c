from django.urls import path

from . import views

urlpatterns = [
    path("sync/sources/", views.source_list, name="sync-source-list"),
    path("sync/<slug:slug>/sources/add/", views.source_add, name="sync-source-add"),
    path("sync/sources/<int:pk>/", views.source_detail, name="sync-source-detail"),
    path("sync/sources/<int:pk>/edit/", views.source_edit, name="sync-source-edit"),
    path("sync/sources/<int:pk>/<slug:action>/", views.source_action, name="sync-source-action"),
    path("sync/runs/<int:pk>/", views.run_detail, name="sync-run-detail"),
    path("sync/runs/<int:pk>/cancel/", views.run_cancel_view, name="sync-run-cancel"),
]
