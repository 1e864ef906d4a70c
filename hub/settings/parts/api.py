from django.utils.translation import gettext_lazy as _

from ..env import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "municipalities.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "hub.api.parsers.JSONParser",
        "hub.api.parsers.FormParser",
        "hub.api.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "hub.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hub.api.errors.exception_handler",
    # Per address for anonymous clients, per key, per signed-in user; shared through the cache (municipalities/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "municipalities.throttling.AnonymousRateThrottle",
        "municipalities.throttling.ApiKeyRateThrottle",
        "municipalities.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANONYMOUS", default="120/minute"),
        "api_key": env.str("API_RATE_API_KEY", default="600/minute"),
        "user": env.str("API_RATE_USER", default="600/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Municipal Knowledge Hub API",
    "DESCRIPTION": _(
        "Best practices, action plans, training and municipal services shared by Georgia's "
        "municipalities, NALA and their partners. Authenticate with a session or with an "
        "organization API key sent as `Authorization: Bearer <key>`.\n\n"
        "**Rate limits.** Each API key has its own budget (600 requests a minute by default), "
        "wherever it calls from; each signed-in user too (600 a minute); anonymous clients share one "
        "per address (120 a minute). Past it the API answers 429 with a `Retry-After` header (seconds). "
        "Every error, whatever its status, has the body "
        '`{"error": {"status", "code", "message", "fields"?}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models call a field `status`; each choice set gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "InvitationStatusEnum": "municipalities.models.Invitation.Status",
        "AdoptionStatusEnum": "practices.models.adoption.Adoption.Status",
        "ContentStatusEnum": "practices.models.base.ContentStatus",
        "SourceLanguageEnum": "sync.models.Language",
        "TourLanguageEnum": "tours.models.TOUR_LANGUAGES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hub.api.schema.add_error_responses",
    ],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyAuth": {"type": "http", "scheme": "bearer", "description": "Organization API key"}
        }
    },
}

# Cached list and search answers (hub/api/caching.py), invalidated by every write. On by default only with a cache
# every worker shares (CACHE_URL=rediscache://…): with a process-local one, another worker's write would go unseen.
API_RESPONSE_CACHE = env.bool(
    "API_RESPONSE_CACHE", default=env.str("CACHE_URL", default="locmemcache://").split(":", 1)[0] in ("rediscache", "redis", "memcache", "pymemcache")
)
