"""practices' API URLs plus the Note collection, under practices' namespace (the catalogue reverses
`practices-api:<dataset>-export`)."""

from rest_framework.routers import SimpleRouter

from practices import api_urls as practices_api_urls
from practices.apis.base import export_urls

from .apis import NoteViewSet

app_name = "practices-api"

router = SimpleRouter()
router.register("notes", NoteViewSet, basename="notes")

urlpatterns = [*export_urls(router), *router.urls, *practices_api_urls.urlpatterns]
