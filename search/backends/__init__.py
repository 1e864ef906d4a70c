"""Search backends chosen by settings.SEARCH_BACKENDS; the database is the default.

    SEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}

Each backend module ends with `SearchBackend = <class>`; a dotted path to a
class works too. Everything that searches calls `get_search_backend()`.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import BaseSearchBackend

DEFAULT_ALIAS = "default"


class InvalidSearchBackendError(ImproperlyConfigured):
    pass


def _backend_class(path: str):
    try:
        return import_string(f"{path}.SearchBackend")
    except ImportError:
        try:
            return import_string(path)
        except ImportError as exc:
            raise InvalidSearchBackendError(f"Could not find search backend {path!r}: {exc}") from exc


def get_search_backend(alias: str = DEFAULT_ALIAS) -> BaseSearchBackend:
    configured = getattr(settings, "SEARCH_BACKENDS", {})
    if alias not in configured:
        raise InvalidSearchBackendError(f"No search backend is configured under {alias!r} in SEARCH_BACKENDS.")
    params = dict(configured[alias])
    path = params.pop("BACKEND", None)
    if not path:
        raise InvalidSearchBackendError(f"SEARCH_BACKENDS[{alias!r}] names no BACKEND.")
    return _backend_class(path)({**params, "ALIAS": alias})


def get_search_backends() -> list[BaseSearchBackend]:
    """Every configured backend: indexing keeps all of them current."""
    return [get_search_backend(alias) for alias in getattr(settings, "SEARCH_BACKENDS", {})]
