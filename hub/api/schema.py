"""The OpenAPI schema documents every status the API answers, with the one error body (hub/api/errors.py)."""

from django.utils.translation import gettext_lazy as _

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {},
                    "description": "Validation errors by field (validation errors only).",
                },
            },
            "required": ["status", "code", "message"],
        }
    },
    "required": ["error"],
}

# Answered by any operation: bad input (a NUL, a bad filter), a bad key, a missing right, an unknown id, the rate limit.
EVERY_OPERATION = {
    "400": _("The request is not valid; `fields` says which values and why."),
    "401": _("The API key or session is not valid."),
    "403": _("Not allowed for this key or user (or two-factor authentication is missing)."),
    "404": _("Not found, or not visible to this key or user."),
    "429": _("Rate limit reached; retry after the `Retry-After` header's seconds."),
}
# gunicorn answers an over-long request line itself, in HTML, before the hub sees it.
URI_TOO_LONG = _("The address is longer than the server reads (gunicorn's limit_request_line).")
WITH_BODY = {
    "413": _("The request body is larger than the hub accepts."),
    "415": _("The body's media type (Content-Type) is not one this operation reads."),
}
# Writes the domain refuses for the state things are in (hub.errors.Conflict, ContentLocked, CapacityExceeded).
ON_WRITE = {"409": _("The request conflicts with the current state (locked, full, already answered); nothing was written.")}
WITH_IF_MATCH = {"412": _("The item has changed since the ETag in If-Match; nothing was written.")}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error statuses and their body on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error_schema = {"schema": {"$ref": "#/components/schemas/Error"}}
    retry_after = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            statuses = dict(EVERY_OPERATION)
            if "requestBody" in operation:
                statuses.update(WITH_BODY)
            if method != "get":
                statuses.update(ON_WRITE)
            if any(parameter.get("name") == "If-Match" for parameter in operation.get("parameters", [])):
                statuses.update(WITH_IF_MATCH)
            responses = operation.setdefault("responses", {})
            # An error is rendered like the operation's answers: JSON-LD views answer their errors in JSON-LD.
            media_types = {"application/json"} | {
                media_type
                for status, response in responses.items() if status.startswith("2")
                for media_type in response.get("content", {}) if media_type.endswith("json")
            }
            error = {media_type: error_schema for media_type in sorted(media_types)}
            for status, description in statuses.items():
                response = responses.setdefault(status, {"description": str(description), "content": error})
                if status == "429":
                    response["headers"] = retry_after
            responses.setdefault("414", {"description": str(URI_TOO_LONG), "content": {"text/html": {"schema": {"type": "string"}}}})
    return result
