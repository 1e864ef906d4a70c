"""API rate limits: one budget per API key, per signed-in user, and per address for anonymous clients.

The counts live in Django's default cache. In production that is Redis
(`CACHE_URL`, docs/operations.md), so every web worker and every server
counts against the same budget; a process-local cache would give each worker
its own. A refused request gets 429 with `Retry-After` (DRF sets it from the
throttle's wait) in the API's error format.

An API key authenticates with an anonymous user, so the anonymous throttle
must not count it by address: a portal's key is one client wherever it calls
from, and many keys behind one proxy are many clients.
"""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


def _api_key(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class HubRateThrottle(SimpleRateThrottle):
    """Rates read from the settings on every request (so tests and deployments can change them)."""

    cache_alias = "default"

    @property
    def cache(self):
        return caches[self.cache_alias]

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def __init__(self):
        # SimpleRateThrottle reads the rate once, at construction, from a dict fixed at import.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class AnonymousRateThrottle(HubRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if _api_key(request) is not None or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyRateThrottle(HubRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        key = _api_key(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}


class UserRateThrottle(HubRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if _api_key(request) is not None or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
