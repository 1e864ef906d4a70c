"""The one place settings read the environment.

Every setting that differs between the embedded default, development and
production comes from here, so production behaviour never hides in code.
"""

import re
import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SUPPORTED_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
DATABASE_URL_FORMS = "postgres://user:password@host:5432/name or sqlite:////absolute/path/to/file.sqlite3"
URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def without_credentials(text: str) -> str:
    """`text` with every user:password@ in URLs replaced, for messages that others may read."""
    return URL_CREDENTIALS.sub(r"\g<scheme>***@", text)


def database_config(default_url: str) -> dict:
    url = env.str("DATABASE_URL", default=default_url)
    shown = without_credentials(url)
    try:
        with warnings.catch_warnings():
            # django-environ only warns about an unknown scheme; the check below says it clearly.
            warnings.simplefilter("ignore")
            config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL {shown!r} is not a valid database URL ({exc}); expected {DATABASE_URL_FORMS}."
        ) from exc
    if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL {shown!r} names an unsupported database; the hub runs on PostgreSQL or SQLite: "
            f"{DATABASE_URL_FORMS}."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {shown!r} names no database; expected {DATABASE_URL_FORMS}.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Without a limit an unreachable host (packets dropped) holds a start or a request for minutes.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=10))
    return config
