"""Start-up and request logs without noise; /favicon.ico answers everywhere."""

import logging
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from hub.celery import EMBEDDED_BROKER_URL, app

ROOT = Path(__file__).resolve().parents[2]


def test_favicon_ico_answers_outside_the_pages(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("hub/favicon.svg")


def test_the_admin_pages_name_their_icon(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert 'rel="icon"' in client.get("/admin/").text


def test_runserver_does_not_log_each_request_a_second_time():
    server = settings.LOGGING["loggers"]["django.server"]
    assert server["handlers"] == [] and server["propagate"] is False
    logger = logging.getLogger("django.server")
    # pytest adds capture handlers to every logger; what matters is that runserver's INFO lines go nowhere.
    assert not logger.isEnabledFor(logging.ERROR) and not logger.propagate


def test_the_embedded_mode_uses_the_memory_transport(caplog):
    if settings.CELERY_BROKER_URL:
        pytest.skip("a real broker is configured")
    assert app.conf.broker_url == EMBEDDED_BROKER_URL
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        with app.producer_or_acquire() as producer:
            assert producer.connection.transport_cls == "memory"
    assert "No hostname was supplied" not in caplog.text


def test_the_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "AGPL-3.0-or-later"


@pytest.mark.django_db
def test_a_quiet_reindex_prints_nothing():
    out = StringIO()
    call_command("search_reindex", verbosity=0, stdout=out)
    assert out.getvalue() == ""
