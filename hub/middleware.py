import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from hub.api.errors import is_api_request, json_error, validation_error_body
from hub.api.parsers import nul_message

request_logger = logging.getLogger("hub.requests")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status and duration.

    It is the first middleware, so the duration covers the whole stack, and every
    inner exception has already become a response (a 500) by the time it logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class ApiLanguageMiddleware:
    """The API answers in the client's language (language cookie, then Accept-Language, then Georgian).

    Web pages carry their language in the URL (/en/…); API URLs have no prefix,
    and Django's LocaleMiddleware would otherwise answer every one of them in the
    default language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def _refuse(request, *, status_code: int, code: str, message: str, field: str | None = None) -> HttpResponse:
    if is_api_request(request):
        if field is not None:
            return json_error(status_code=status_code, body=validation_error_body({field: [message]}))
        return json_error(status_code=status_code, code=code, message=message)
    return HttpResponse(message, status=status_code, content_type="text/plain; charset=utf-8")


class RequestLimitsMiddleware:
    """Refuse, before anything reads them, requests no view could take.

    - A body larger than `MAX_REQUEST_BYTES` (by its Content-Length): 413.
      Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file
      uploads to disk whatever their size.
    - A NUL character in the path, the query string or a web form's fields:
      PostgreSQL text cannot hold one, so a lookup (`/organizations/%00/`) or a
      filter would fail in the database. API bodies are checked by the parsers
      (hub/api/parsers.py), which see the decoded JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return _refuse(
                request, status_code=413, code="request_too_large",
                message=_("The request is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(length), "limit": filesizeformat(settings.MAX_REQUEST_BYTES)},
            )
        if "\x00" in request.path_info:
            return _refuse(request, status_code=400, code="invalid", message=nul_message())
        field = _field_with_nul(request.GET)
        if field is None and request.method == "POST" and not is_api_request(request) and request.content_type in (
            "application/x-www-form-urlencoded", "multipart/form-data"
        ):
            field = _field_with_nul(request.POST)
        if field is not None:
            return _refuse(request, status_code=400, code="invalid", message=nul_message(), field=field)
        return self.get_response(request)


def _field_with_nul(data) -> str | None:
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "")
    return None
