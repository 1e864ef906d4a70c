from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from hub.api import caching

from .models import ApiKey, hash_secret
from .selectors import api_key_for_secret
from .services import api_key_mark_used

# Only how long an unused entry stays; validity never depends on it (see `_api_key`).
API_KEY_CACHE_TTL = 10 * 60


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the request acts for the key's organization.

    The user stays anonymous; `request.auth` is the ApiKey, and the permission
    classes read the organization and scope from it.

    Reads look the key up in the API cache (hub/api/caching.py) instead of the
    database: the entry lives under the cache's generation, which every write
    to tenancy data replaces (a revocation, a change of scope or organization,
    the organization's deletion), so a revoked key is refused on the very next
    request. Writes always read the database.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: expected 'Bearer <key>'."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid API key.")) from exc
        key = _api_key(request, secret)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        if not key.is_active:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        return AnonymousUser(), key

    def authenticate_header(self, request) -> str:
        return self.keyword


def _api_key(request, secret: str) -> ApiKey | None:
    if not caching.enabled() or request.method not in permissions.SAFE_METHODS:
        key = api_key_for_secret(secret=secret)
        if key is not None and key.is_active:
            api_key_mark_used(api_key=key)
        return key
    entry = caching.cached(request, f"hub:api-cache:api-key:{hash_secret(secret)}")
    key = entry.value
    if key is None:
        key = api_key_for_secret(secret=secret)
        if key is None or not key.is_active:
            # Unknown and revoked secrets are not cached: anyone can send those, and they need no speed.
            return key
        api_key_mark_used(api_key=key)
        entry.store(key, timeout=API_KEY_CACHE_TTL)
    elif api_key_mark_used(api_key=key):
        # The cached copy carries the new time, so the next request does not write it again.
        entry.store(key, timeout=API_KEY_CACHE_TTL)
    return key


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Organization API key"}
