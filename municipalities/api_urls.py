from rest_framework.routers import DefaultRouter

from . import apis

app_name = "api"

router = DefaultRouter()
router.register("organizations", apis.OrganizationViewSet, basename="organization")

urlpatterns = router.urls
