"""One error format for every API error.

    {"error": {"status": 403, "code": "permission_denied",
               "message": "…", "fields": {"title_ka": ["…"]}}}

`fields` appears only for validation errors. Messages follow the request's
language, so a Georgian client reads Georgian.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults as django_defaults
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hub.errors import Conflict, ContentLocked, DomainError, NotAllowed, StaleVersion

logger = logging.getLogger("hub.api")

# Database constraints a request can still run into after validation (two writers racing for one slug),
# by the end of the constraint's name: the field to name and what to tell the client.
CONSTRAINT_ERRORS = {
    "_unique_slug_per_organization": (
        "slug", gettext_lazy("Your organization already has an item of this kind at this address (slug)."),
    ),
}


def _constraint_name(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or str(exc)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = gettext_lazy("The resource has changed since you read it; reload it and try again.")


# Each domain error's HTTP status; the most specific class listed first wins.
DOMAIN_ERROR_STATUS: list[tuple[type[DomainError], int]] = [
    (StaleVersion, status.HTTP_412_PRECONDITION_FAILED),
    (ContentLocked, status.HTTP_409_CONFLICT),
    (Conflict, status.HTTP_409_CONFLICT),
    (DomainError, status.HTTP_400_BAD_REQUEST),
]


def _domain_as_drf_exception(exc: DomainError) -> exceptions.APIException:
    if isinstance(exc, StaleVersion):
        return PreconditionFailed()
    if isinstance(exc, NotAllowed):
        return exceptions.PermissionDenied(str(exc.message))
    status_code = next(code for cls, code in DOMAIN_ERROR_STATUS if isinstance(exc, cls))
    error = exceptions.APIException(detail=str(exc.message), code=exc.code)
    error.status_code = status_code
    return error


def _as_drf_exception(exc: Exception) -> Exception:
    if isinstance(exc, DomainError):
        return _domain_as_drf_exception(exc)
    if isinstance(exc, IntegrityError):
        name = _constraint_name(exc)
        for suffix, (field, message) in CONSTRAINT_ERRORS.items():
            if suffix in name or (field in name and "UNIQUE" in name):
                return exceptions.ValidationError({field: [str(message)]})
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Not found."))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    return exc


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def error_body(*, status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def validation_error_body(fields: dict) -> dict:
    return error_body(
        status_code=400,
        code="invalid",
        message=_("The submitted data is not valid: %(reason)s") % {"reason": _first_message(fields)},
        fields=fields,
    )


def exception_handler(exc, context):
    exc = _as_drf_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return server_error_response(exc, context.get("request"))
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = validation_error_body(detail)
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait) if exc.wait is not None else None
        message = (_("Too many requests; try again in %(seconds)d seconds.") % {"seconds": max(wait, 1)}
                   if wait is not None else _("Too many requests; try again later."))
        response.data = error_body(status_code=response.status_code, code="throttled", message=message)
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException) and hasattr(exc.detail, "code"):
            code = exc.detail.code or code
        response.data = error_body(status_code=response.status_code, code=code, message=_first_message(exc.detail))
    return response


def server_error_response(exc: Exception, request) -> Response:
    """An error nothing else handled: logged with its traceback, answered as a JSON 500 in the one format."""
    path = getattr(request, "path", "")
    logger.error("Internal Server Error: %s", path, exc_info=(type(exc), exc, exc.__traceback__),
                 extra={"status_code": 500, "path": path})
    return Response(
        error_body(status_code=500, code="server_error", message=_("Something went wrong on our side; it has been logged.")),
        status=500,
    )


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


def json_error(*, status_code: int, code: str = "", message: str = "", body: dict | None = None) -> JsonResponse:
    """An error answered before (or outside) DRF, in the same format."""
    body = body or error_body(status_code=status_code, code=code, message=message)
    return JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})


# Django's error handlers (hub/urls.py): API addresses answer in the JSON format, pages as Django does.
def bad_request(request, exception, template_name="400.html"):
    if is_api_request(request):
        return json_error(status_code=400, code="bad_request", message=_("The request is malformed."))
    return django_defaults.bad_request(request, exception)


def permission_denied(request, exception, template_name="403.html"):
    if is_api_request(request):
        return json_error(status_code=403, code="permission_denied", message=str(exceptions.PermissionDenied.default_detail))
    return django_defaults.permission_denied(request, exception)


def page_not_found(request, exception, template_name="404.html"):
    if is_api_request(request):
        return json_error(status_code=404, code="not_found", message=_("Not found."))
    return django_defaults.page_not_found(request, exception)


def server_error(request, template_name="500.html"):
    # Django has already logged the traceback (django.request) before calling this.
    if is_api_request(request):
        return json_error(status_code=500, code="server_error", message=_("Something went wrong on our side; it has been logged."))
    return django_defaults.server_error(request)
