"""One error format for every API error.

    {"error": {"status": 403, "code": "permission_denied",
               "message": "…", "fields": {"title_ka": ["…"]}}}

`fields` appears only for validation errors. Messages follow the request's
language, so a Georgian client reads Georgian.
"""

from django.core.exceptions import PermissionDenied, ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from hub.errors import Conflict, ContentLocked, DomainError, NotAllowed, StaleVersion


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


def exception_handler(exc, context):
    exc = _as_drf_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(
            status_code=response.status_code,
            code="invalid",
            message=_("The submitted data is not valid: %(reason)s") % {"reason": _first_message(detail)},
            fields=detail,
        )
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException) and hasattr(exc.detail, "code"):
            code = exc.detail.code or code
        response.data = error_body(status_code=response.status_code, code=code, message=_first_message(exc.detail))
    return response
