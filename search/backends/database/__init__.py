"""The database backend: PostgreSQL full-text search, or SQLite FTS5, whichever database the hub runs on."""

from django.db import connection

from .. import InvalidSearchBackendError


def SearchBackend(params: dict):  # noqa: N802 — the registry instantiates `SearchBackend` like a class
    # Imported lazily: only the module for the database in use is loaded.
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    raise InvalidSearchBackendError(
        f"The database search backend supports PostgreSQL and SQLite, not {connection.vendor!r};"
        " configure Elasticsearch in SEARCH_BACKENDS instead."
    )
