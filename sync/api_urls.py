from django.urls import path
from rest_framework.routers import SimpleRouter

from .apis import FeedView, PushView, RunViewSet, SourceViewSet

app_name = "sync-api"

router = SimpleRouter()
router.register("sync/sources", SourceViewSet, basename="sync-sources")
router.register("sync/runs", RunViewSet, basename="sync-runs")

urlpatterns = [
    path("feed/", FeedView.as_view(), name="feed"),
    path("sync/push/", PushView.as_view(), name="push"),
    *router.urls,
]
