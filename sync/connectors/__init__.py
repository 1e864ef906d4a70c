"""Connectors chosen by settings.SYNC_CONNECTORS: kind → module path (the shape of search.backends).

    SYNC_CONNECTORS = {
        "hub": "sync.connectors.hubfeed",
        "rss": "sync.connectors.rss",
        "wordpress": "sync.connectors.wordpress",
    }

Each connector module ends with `Connector = <class>`; a dotted path to a
class works too. A source names its connector by kind; everything asks
`get_connector(source)` or `connector_class(kind)`.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import Connector, HarvestedRecord, HarvestError, Page, PaginationLoop


class InvalidConnectorError(ImproperlyConfigured):
    pass


def _load(path: str) -> type[Connector]:
    try:
        return import_string(f"{path}.Connector")
    except ImportError:
        try:
            return import_string(path)
        except ImportError as exc:
            raise InvalidConnectorError(f"Could not find connector {path!r}: {exc}") from exc


def connector_class(kind: str) -> type[Connector]:
    configured = getattr(settings, "SYNC_CONNECTORS", {})
    if kind not in configured:
        raise InvalidConnectorError(f"No connector is configured under {kind!r} in SYNC_CONNECTORS.")
    return _load(configured[kind])


def connector_choices() -> list[tuple[str, str]]:
    """(kind, label) of every configured connector, for forms and the API."""
    return [(kind, connector_class(kind).describe()) for kind in getattr(settings, "SYNC_CONNECTORS", {})]


def get_connector(source) -> Connector:
    return connector_class(source.connector)(source)


__all__ = [
    "Connector", "HarvestError", "HarvestedRecord", "InvalidConnectorError", "Page", "PaginationLoop",
    "connector_choices", "connector_class", "get_connector",
]
