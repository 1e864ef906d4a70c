import json
import subprocess

import pytest
from django.db import connection

from hub.health import database_health, redacted_error

from .conftest import PROJECT_DIR, PYTHON

HEALTHZ_IN_PROCESS = """
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="localhost").get("/healthz")
print(response.status_code)
print(response.content.decode())
"""


@pytest.fixture
def embedded_broker(settings):
    settings.CELERY_BROKER_URL = ""


def test_embedded_default_is_ok_with_eager_tasks(client, db, embedded_broker):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["database"]["vendor"] == connection.vendor
    assert body["checks"]["broker"]["status"] == "eager"
    assert body["checks"]["search"]["status"] == "ok"
    assert body["checks"]["search"]["backend"] == "database"
    assert body["status"] == "ok"


def test_database_check_runs_one_real_query(db, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        result = database_health()

    assert result == {"status": "ok", "vendor": connection.vendor}
    assert captured.captured_queries[0]["sql"] == "SELECT 1"


def test_broker_down_degrades_without_leaking_the_password(client, db, settings, closed_port):
    settings.CELERY_BROKER_URL = f"redis://hub:s3cret-broker-pass@127.0.0.1:{closed_port}/0"

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["broker"]["transport"] == "redis"
    assert f"127.0.0.1:{closed_port}" in body["checks"]["broker"]["error"]
    assert body["checks"]["broker"]["duration_ms"] < 5000
    assert "s3cret-broker-pass" not in response.content.decode()


def test_real_broker_is_ok(client, db, settings, broker_url):
    settings.CELERY_BROKER_URL = broker_url

    response = client.get("/healthz")

    assert response.json()["checks"]["broker"] == {
        "status": "ok",
        "transport": "redis",
        "duration_ms": response.json()["checks"]["broker"]["duration_ms"],
    }


def test_database_down_answers_503_with_error_status(process_env, closed_port):
    process_env["DATABASE_URL"] = f"postgres://hub:s3cret-db-pass@127.0.0.1:{closed_port}/hub"

    result = subprocess.run(
        [PYTHON, "-c", HEALTHZ_IN_PROCESS], cwd=PROJECT_DIR, env=process_env, capture_output=True, text=True, timeout=60
    )

    status_line, body_line = result.stdout.strip().splitlines()[-2:]
    body = json.loads(body_line)
    assert status_line == "503"
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["database"]["vendor"] == "postgresql"
    assert "Connection refused" in body["checks"]["database"]["error"]
    assert "s3cret-db-pass" not in body_line


def test_healthz_is_read_only(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405


def test_healthz_lives_outside_the_language_prefix(client, db):
    assert client.get("/en/healthz").status_code == 404


def test_redacted_error_hides_credentials_in_urls():
    error = ConnectionError("cannot reach redis://hub:pa55word@cache:6379/0 or amqp://guest:guest@mq//")

    assert redacted_error(error) == "ConnectionError: cannot reach redis://***@cache:6379/0 or amqp://***@mq//"
