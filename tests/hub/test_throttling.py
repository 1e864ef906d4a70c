"""API rate limits: anonymous clients by address, each API key on its own, 429 with Retry-After, counted in the shared cache."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.test import override_settings
from rest_framework.test import APIClient

from tests.hub.real_services import missing_real_service

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/"


def rates(**rates) -> override_settings:
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "api_key": "1000/minute", "user": "1000/minute", **rates}}
    )


def spend(client, count: int) -> list[int]:
    return [client.get(URL).status_code for _ in range(count)]


def test_anonymous_clients_are_throttled_with_retry_after_in_the_error_format():
    client = APIClient()
    with rates(anon="3/minute"):
        assert spend(client, 3) == [200, 200, 200]
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "throttled"
    assert error["message"] == f"Too many requests; try again in {response['Retry-After']} seconds."


def test_another_address_has_its_own_budget():
    with rates(anon="2/minute"):
        assert spend(APIClient(REMOTE_ADDR="192.0.2.1"), 3) == [200, 200, 429]
        assert spend(APIClient(REMOTE_ADDR="192.0.2.2"), 1) == [200]


def test_each_api_key_has_its_own_budget_whatever_the_address(api_key_for, organization, other_organization):
    first, _key = api_key_for(organization)
    second, _key = api_key_for(other_organization)
    with rates(api_key="2/minute", anon="100/minute"):
        assert spend(first, 3) == [200, 200, 429]
        # Same address (the test client's), another key: untouched; and anonymous callers there too.
        assert spend(second, 2) == [200, 200]
        assert spend(APIClient(), 2) == [200, 200]


def test_a_key_is_not_counted_against_the_anonymous_budget_of_its_address(api_key_for, organization):
    client, _key = api_key_for(organization)
    with rates(anon="1/minute", api_key="100/minute"):
        assert spend(client, 3) == [200, 200, 200]


def test_signed_in_users_are_throttled_per_user(client_for, member, editor):
    with rates(user="1/minute", anon="100/minute"):
        assert spend(client_for(member), 2) == [200, 429]
        assert spend(client_for(editor), 1) == [200]


def test_the_counts_are_in_the_shared_cache_where_every_worker_sees_them():
    """With Redis as the cache (production, CI), a request counted by one worker is seen by another."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        missing_real_service("CELERY_BROKER_URL is not set: this test needs the real Redis to stand in for the shared cache.")
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "throttle-test"}}
    with override_settings(CACHES=shared), rates(anon="2/minute"):
        caches["default"].clear()
        try:
            assert spend(APIClient(REMOTE_ADDR="198.51.100.7"), 2) == [200, 200]
            # Another worker: a fresh connection to the same Redis, as a second process would open.
            del caches["default"]
            assert spend(APIClient(REMOTE_ADDR="198.51.100.7"), 1) == [429]
        finally:
            caches["default"].clear()


def test_a_budget_is_counted_per_clock_window_and_retry_after_says_when_it_refills():
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    minute = 29_000_000  # any whole minute
    with rates(anon="2/minute"), time_machine.travel(minute * 60 + 20, tick=False):
        assert spend(client, 3) == [200, 200, 429]
        assert client.get(URL)["Retry-After"] == "40"
    with rates(anon="2/minute"), time_machine.travel(minute * 60 + 60, tick=False):
        assert spend(client, 3) == [200, 200, 429]


def test_concurrent_requests_spend_the_budget_exactly():
    """Each request adds one to a shared counter: no read-and-write-back that loses a concurrent worker's count."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        missing_real_service("CELERY_BROKER_URL is not set: this test needs the real Redis to stand in for the shared cache.")
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "throttle-test"}}

    def one(_index) -> int:
        try:
            return APIClient(REMOTE_ADDR="198.51.100.8").get(URL).status_code
        finally:
            connections.close_all()

    with override_settings(CACHES=shared), rates(anon="10/minute"):
        caches["default"].clear()
        try:
            with time_machine.travel(29_000_000 * 60 + 1, tick=False), ThreadPoolExecutor(4) as pool:
                statuses = sorted(pool.map(one, range(24)))
            assert statuses == [200] * 10 + [429] * 14
        finally:
            caches["default"].clear()
