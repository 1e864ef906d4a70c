"""API rate limits: one budget per API key, per signed-in user, and per address for anonymous clients.

The counts live in Django's default cache. In production that is Redis
(`CACHE_URL`, docs/operations.md), so every web worker and every server
counts against the same budget; a process-local cache would give each worker
its own. A refused request gets 429 with `Retry-After` (DRF sets it from the
throttle's wait) in the API's error format.

A budget is a count per fixed window (a rate of 600/minute: at most 600
requests in each clock minute), incremented atomically in one round trip.
DRF's own throttles keep a list of every request's time, read and written
back whole on each request: its cost grows with the rate, and two workers
writing back at once lose each other's counts.

An API key authenticates with an anonymous user, so the anonymous throttle
must not count it by address: a portal's key is one client wherever it calls
from, and many keys behind one proxy are many clients.
"""

import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


def _api_key(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


def _count(cache, key: str, *, timeout: int) -> int:
    """Add one to the counter under `key` (created to expire after `timeout` s); the new count."""
    if isinstance(cache, RedisCache):
        # Django's cache API has no atomic increment that creates its key with an expiry; on Redis one pipeline
        # does both (its counters are plain integers, as Django's own incr leaves them).
        full_key = cache.make_and_validate_key(key)
        pipeline = cache._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipeline.set(full_key, 0, ex=timeout, nx=True)
        pipeline.incr(full_key)
        return pipeline.execute()[1]
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=timeout)
        return 1


class HubRateThrottle(SimpleRateThrottle):
    """Rates read from the settings on every request (so tests and deployments can change them)."""

    cache_alias = "default"

    def __init__(self):
        # SimpleRateThrottle reads the rate once, at construction, from a dict fixed at import.
        self.wait_seconds = None

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        limit, duration = self.parse_rate(self.get_rate())
        ident = self.get_cache_key(request, view) if limit is not None else None
        if ident is None:
            return True
        now = time.time()
        window = int(now // duration)
        count = _count(caches[self.cache_alias], f"{ident}:{window}", timeout=duration)
        self.wait_seconds = (window + 1) * duration - now
        return count <= limit

    def wait(self):
        return self.wait_seconds


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
