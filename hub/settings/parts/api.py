from django.utils.translation import gettext_lazy as _

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
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "600/minute"},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Municipal Knowledge Hub API",
    "DESCRIPTION": _(
        "Best practices, action plans, training and municipal services shared by Georgia's "
        "municipalities, NALA and their partners. Authenticate with a session or with an "
        "organization API key sent as `Authorization: Bearer <key>`."
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
    },
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyAuth": {"type": "http", "scheme": "bearer", "description": "Organization API key"}
        }
    },
}
