from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api_urls_library import router as library_router
from .apis.adoption import AdoptionViewSet
from .apis.base import export_urls
from .apis.opendata import CatalogView
from .apis.practice import PracticeViewSet
from .apis.terms import ThemeViewSet

app_name = "practices-api"

router = SimpleRouter()
router.register("practices", PracticeViewSet, basename="practices")
router.register("adoptions", AdoptionViewSet, basename="adoptions")
router.register("themes", ThemeViewSet, basename="themes")

# Open-data downloads come first: "export.csv" must not be taken for an item id.
urlpatterns = [
    *export_urls(router),
    *export_urls(library_router),
    path("catalog/", CatalogView.as_view(), name="catalog"),
    *router.urls,
    path("", include("practices.api_urls_library")),
]
