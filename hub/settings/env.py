"""The one place settings read the environment.

Every setting that differs between the embedded default, development and
production comes from here, so production behaviour never hides in code.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def database_config(default_url: str) -> dict:
    url = env.str("DATABASE_URL", default=default_url)
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL ({exc}): {url!r}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL names an unsupported database scheme: {url!r}")
    return config
