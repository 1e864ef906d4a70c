from django.conf import settings
from django.conf.urls.static import static
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import health, views

api_v1 = [
    path("", include("municipalities.api_urls")),
    path("", include("practices.api_urls")),
    path("", include("search.api_urls")),
    path("", include("tours.api_urls")),
    path("", include("competitions.api_urls")),
    path("", include("sync.api_urls")),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (the admin's, /healthz, files).
    path("favicon.ico", views.favicon, name="favicon"),
    # Before Django's own i18n URLs: the same name, a switch that lands on the same page.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("municipalities.urls")),
    path("", include("practices.urls")),
    path("", include("tours.urls")),
    path("search/", include("search.urls")),
    path("", include("following.urls")),
    path("", include("competitions.urls")),
    path("", include("sync.urls")),
    prefix_default_language=False,
)

# Public media (logos) in development; production serves MEDIA_ROOT from the web server.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Errors under /api/ are answered in the API's JSON format (hub/api/errors.py), pages as usual.
handler400 = "hub.api.errors.bad_request"
handler403 = "hub.api.errors.permission_denied"
handler404 = "hub.api.errors.page_not_found"
handler500 = "hub.api.errors.server_error"
