"""Test settings only override; everything else comes from base and the environment."""

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tests never run collectstatic: WhiteNoise looks files up on request instead of
# indexing (and warning about) a missing STATIC_ROOT at start.
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process even when CI provides a broker, so no test waits on a worker it
# did not start; tests/hub/test_broker.py turns this off to go through the real one.
CELERY_TASK_ALWAYS_EAGER = True
