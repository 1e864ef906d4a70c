"""The hub's URLconf plus the Note pages and API; tests opt in with @pytest.mark.urls("tests.contentapp.root_urls").

Built from hub.urls, so routes other apps add there are kept: practices' API include is swapped for
tests.contentapp.api_urls (practices' API plus the Note collection, in the same namespace).
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLResolver, include, path

from hub import urls as hub_urls


def _swap_practices_api(pattern):
    module = getattr(pattern, "urlconf_module", None)
    if isinstance(pattern, URLResolver) and getattr(module, "__name__", "") == "practices.api_urls":
        return path("", include("tests.contentapp.api_urls"))
    return pattern


api_v1 = [_swap_practices_api(pattern) for pattern in hub_urls.api_v1]
assert api_v1 != hub_urls.api_v1, "hub.urls no longer includes practices.api_urls in api_v1"

urlpatterns = [
    path("api/v1/", include(api_v1)),
    *(p for p in hub_urls.urlpatterns if not (isinstance(p, URLResolver) and str(p.pattern) == "api/v1/")),
    *i18n_patterns(path("", include("tests.contentapp.urls")), prefix_default_language=False),
]
