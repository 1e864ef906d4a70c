from rest_framework.routers import SimpleRouter

from .apis import ApplicationViewSet, CallViewSet, ReviewViewSet

app_name = "competitions-api"

router = SimpleRouter()
router.register("calls", CallViewSet, basename="calls")
router.register("applications", ApplicationViewSet, basename="applications")
router.register("reviews", ReviewViewSet, basename="reviews")

urlpatterns = router.urls
