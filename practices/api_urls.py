from django.urls import include, path
from rest_framework.routers import SimpleRouter

app_name = "practices-api"

router = SimpleRouter()

urlpatterns = router.urls + [
    path("", include("practices.api_urls_library")),
]
