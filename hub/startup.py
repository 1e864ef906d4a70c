"""Fail at start, with one clear message, when the hub cannot work at all."""

import sys

from django.core.exceptions import ImproperlyConfigured

# Commands that serve or change data need the database before they begin;
# the rest (checks, schema, translations) work without one.
COMMANDS_NEEDING_DATABASE = {"runserver", "migrate", "seed_demo", "shell", "createsuperuser", "create_api_key"}


def exit_with_message(message: str) -> None:
    # Drivers spread their errors over several lines; operators grep for one.
    sys.stderr.write(" ".join(message.split()) + "\n")
    raise SystemExit(2)


def exit_on_bad_configuration(*, command: str) -> None:
    exit_unless_ready(needs_database=command in COMMANDS_NEEDING_DATABASE)


def exit_unless_ready(*, needs_database: bool) -> None:
    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        exit_with_message(f"Configuration error: {exc}")
    if needs_database:
        exit_unless_database_reachable()


def exit_unless_database_reachable() -> None:
    from django.db import DatabaseError, connection

    from hub.settings.env import without_credentials

    try:
        connection.ensure_connection()
    except (DatabaseError, ImproperlyConfigured) as exc:
        settings = connection.settings_dict
        where = ":".join(str(part) for part in (settings.get("HOST"), settings.get("PORT")) if part) or settings.get("NAME")
        exit_with_message(f"Database unreachable ({connection.vendor} at {where}): {without_credentials(str(exc))}")
