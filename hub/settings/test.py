"""Test settings only override; everything else comes from base and the environment."""

import tempfile
from pathlib import Path

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

# Uploaded files from tests never land in the working tree.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="hub-test-files-"))
MEDIA_ROOT = _TEST_FILES / "media"
STORAGES["attachments"]["OPTIONS"]["location"] = _TEST_FILES / "private-media"  # noqa: F405

# A content type defined outside practices/ (tests/contentapp): the kernel must serve it unchanged.
# It has no migrations, so the test database creates its table with run_syncdb.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.contentapp"]  # noqa: F405
# Tests run in one process, where the local-memory cache is shared: answers are cached as in production.
API_RESPONSE_CACHE = True
# Test servers run on 127.0.0.1; tests/hub/test_outbound.py switches this off to see the guard refuse them.
OUTBOUND_ALLOW_LOOPBACK = True
OUTBOUND_BACKOFF = 0.05
