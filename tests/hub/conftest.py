"""Fixtures for tests that start real processes (gunicorn, a Celery worker, manage.py)."""

import json
import os
import socket
import sys
from pathlib import Path

import pytest

from .real_services import missing_real_service

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable


def json_lines(output: str) -> list[dict]:
    """The JSON log lines in a process's output."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture
def closed_port() -> int:
    """A local TCP port nothing listens on: the OS handed it out and it was released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def process_env(tmp_path) -> dict[str, str]:
    """Environment for a hub subprocess: the embedded default on a throw-away SQLite file.

    Subprocesses never share the test database (pytest-django's test_<name> exists only
    inside this process's transactions), so they get a database of their own.
    """
    env = {key: value for key, value in os.environ.items() if key not in {"CELERY_BROKER_URL", "ELASTICSEARCH_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        PYTHONPATH=str(PROJECT_DIR),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="INFO",
        LOG_FORMAT="json",
    )
    return env


@pytest.fixture
def broker_url() -> str:
    """The real broker from CELERY_BROKER_URL; CI must provide one, so there it fails instead of skipping."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url:
        return url
    missing_real_service("CELERY_BROKER_URL is not set: this test needs the real Redis broker (bash .ci/run sets it).")
