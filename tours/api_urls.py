from rest_framework.routers import SimpleRouter

from .apis import TourBookingViewSet, TourOfferingViewSet, TourSlotViewSet

app_name = "tours-api"

router = SimpleRouter()
router.register("tours", TourOfferingViewSet, basename="tours")
router.register("tour-slots", TourSlotViewSet, basename="tour-slots")
router.register("tour-bookings", TourBookingViewSet, basename="tour-bookings")

urlpatterns = router.urls
