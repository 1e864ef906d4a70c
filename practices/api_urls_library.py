from rest_framework.routers import SimpleRouter

from .apis.action_plan import ActionPlanViewSet
from .apis.service import ServiceViewSet
from .apis.training import TrainingModuleViewSet, TrainingSessionViewSet

router = SimpleRouter()
router.register("action-plans", ActionPlanViewSet, basename="action-plans")
router.register("training-modules", TrainingModuleViewSet, basename="training-modules")
router.register("training-sessions", TrainingSessionViewSet, basename="training-sessions")
router.register("services", ServiceViewSet, basename="services")

urlpatterns = router.urls
