"""Settings come from the environment: nothing set is the embedded default, URLs switch on the services."""

import json
import os
import subprocess

from .conftest import PROJECT_DIR, PYTHON

SHOW_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "SEARCH_BACKEND": settings.SEARCH_BACKENDS["default"]["BACKEND"],
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def settings_under(environment: dict[str, str]) -> dict:
    # Only what the interpreter needs to start, so no variable of the test run leaks in.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    result = subprocess.run(
        [PYTHON, "-c", SHOW_SETTINGS],
        cwd=PROJECT_DIR,
        env={**base, "PYTHONPATH": str(PROJECT_DIR), "DJANGO_SETTINGS_MODULE": "hub.settings.base", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_environment_is_the_embedded_default():
    assert settings_under({}) == {
        "DEBUG": True,
        "ENGINE": "django.db.backends.sqlite3",
        "DATABASE_NAME": str(PROJECT_DIR / "db.sqlite3"),
        "CELERY_TASK_ALWAYS_EAGER": True,
        "CELERY_BROKER_URL": "",
        "SEARCH_BACKEND": "search.backends.database",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "EMAIL_HOST": None,
        "SESSION_COOKIE_SECURE": False,
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def test_service_urls_and_production_mode_switch_everything_on():
    assert settings_under(
        {
            "DEBUG": "0",
            "SECRET_KEY": "a-production-secret-key-that-is-long-enough-0123456789",
            "ALLOWED_HOSTS": "hub.example.org",
            "DATABASE_URL": "postgres://hub:secret@db.internal:5432/hub",
            "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
            "ELASTICSEARCH_URL": "http://search.internal:9200",
            "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
        }
    ) == {
        "DEBUG": False,
        "ENGINE": "django.db.backends.postgresql",
        "DATABASE_NAME": "hub",
        "CELERY_TASK_ALWAYS_EAGER": False,
        "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
        "SEARCH_BACKEND": "search.backends.elasticsearch",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "SESSION_COOKIE_SECURE": True,
        "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_production_mode_without_a_secret_key_stops_with_one_line():
    result = subprocess.run(
        [PYTHON, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(PROJECT_DIR), "DEBUG": "0", "ALLOWED_HOSTS": "hub.example.org"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr == "Configuration error: SECRET_KEY must be set when DEBUG=0.\n"
