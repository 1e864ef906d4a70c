"""/healthz: the state of the database, the broker and the search backend, as JSON.

Load balancers and docker-compose poll it: the answer is 503 only when the
database is down (the hub cannot serve anything then); a broken broker or
search backend makes the hub "degraded" but still worth routing requests to.
The endpoint is public, so it never shows URLs, passwords or stack traces.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError as BrokerError

from hub.settings.env import without_credentials

BROKER_TIMEOUT_SECONDS = 2.0
# "eager": no broker is configured and tasks run in-process, which is the embedded default working as meant.
HEALTHY = {"ok", "eager"}


def redacted_error(exc: BaseException) -> str:
    """The exception's type and message with any user:password@ in URLs removed."""
    message = without_credentials(str(exc))
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    result = check()
    result["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def database_health() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": "error", "vendor": connection.vendor, "error": redacted_error(exc)}
    return {"status": "ok", "vendor": connection.vendor}


def broker_health() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"status": "eager"}
    from hub.celery import app

    with app.connection_for_write(url=settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
        transport = broker.transport_cls
        try:
            # No retries: a health check reports the state now, it does not wait for recovery.
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
        except (BrokerError, *broker.connection_errors) as exc:
            return {"status": "error", "transport": transport, "error": redacted_error(exc)}
    return {"status": "ok", "transport": transport}


def search_health() -> dict:
    try:
        from search.backends import get_search_backend
    except ImportError:
        return {"status": "unavailable"}
    try:
        report = get_search_backend().health()
    # The backend may fail in ways its own contract did not foresee (a bad setting,
    # a library error); /healthz must still answer and say so rather than fail with a 500.
    except Exception as exc:  # noqa: BLE001
        return {"status": "error", "error": redacted_error(exc)}
    return {key: without_credentials(value) if isinstance(value, str) else value for key, value in report.items()}


def overall_status(checks: dict[str, dict]) -> str:
    if checks["database"]["status"] != "ok":
        return "error"
    if all(check.get("status") in HEALTHY for check in checks.values()):
        return "ok"
    return "degraded"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": timed(database_health),
        "broker": timed(broker_health),
        "search": timed(search_health),
    }
    status = overall_status(checks)
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "error" else 200)
