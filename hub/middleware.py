import logging
import time

from django.utils import translation

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
