"""Fail at start, with one clear message, when the hub cannot work at all."""

import sys

from django.core.exceptions import ImproperlyConfigured

# Commands that serve or change data need the database before they begin;
# the rest (checks, schema, translations) work without one.
COMMANDS_NEEDING_DATABASE = {"runserver", "migrate", "seed_demo", "shell", "createsuperuser", "create_api_key"}


def exit_on_bad_configuration(*, command: str) -> None:
    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        raise SystemExit(2) from exc
    if command in COMMANDS_NEEDING_DATABASE:
        exit_unless_database_reachable()


def exit_unless_database_reachable() -> None:
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        settings = connection.settings_dict
        where = settings.get("HOST") or settings.get("NAME")
        sys.stderr.write(f"Database unreachable ({connection.vendor} at {where}): {exc}\n")
        raise SystemExit(2) from exc
