"""Fixtures for each way of acting on the hub: anonymous, member by session, API key."""

import ipaddress
import socket

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from municipalities.models import ApiKey, Membership, Organization
from municipalities.services import api_key_create
from tests.actors import TEST_ACTOR

from .factories import (
    MembershipFactory,
    OrganizationFactory,
    enable_totp,
    verified_user,
)


def _loopback_only(connect):
    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
                raise ConnectionRefusedError(f"tests connect to loopback only, not to {host}")
        return connect(sock, address)

    return guarded


def pytest_configure(config):
    # The network rule, enforced for every test: a regression in the outbound guard (or a test naming a private
    # address) fails here instead of opening a connection beyond loopback. Name lookups are not connections.
    socket.socket.connect = _loopback_only(socket.socket.connect)
    socket.socket.connect_ex = _loopback_only(socket.socket.connect_ex)


def pytest_collection_modifyitems(items):
    # A transactional test that ends with a plain flush re-creates content types under new ids, and the next
    # test restoring the serialized database (or caching ContentType) then fails far from the cause; the
    # organizations from data migrations (NALA, the 64 municipalities) would be gone too.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: transactional tests need serialized_rollback=True")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and throttles live in the cache; each test starts with none spent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_leaks():
    # A test that activates English must not change the language of the next one.
    yield
    translation.deactivate()


@pytest.fixture
def organization(db) -> Organization:
    return OrganizationFactory(slug="rustavi-test", name_en="Rustavi (test)", name_ka="რუსთავი (ტესტი)")


@pytest.fixture
def other_organization(db) -> Organization:
    return OrganizationFactory(slug="vani-test", name_en="Vani (test)", name_ka="ვანი (ტესტი)")


@pytest.fixture
def nala(db) -> Organization:
    return Organization.objects.get(slug="nala")


def _member(organization: Organization, role: str, *, mfa: bool = False):
    user = verified_user()
    MembershipFactory(user=user, organization=organization, role=role)
    if mfa:
        enable_totp(user)
    return user


@pytest.fixture
def member(organization):
    return _member(organization, Membership.Role.MEMBER)


@pytest.fixture
def editor(organization):
    return _member(organization, Membership.Role.EDITOR)


@pytest.fixture
def admin_user(organization):
    """An organization admin with TOTP set up, so their admin powers are unlocked."""
    return _member(organization, Membership.Role.ADMIN, mfa=True)


@pytest.fixture
def admin_without_mfa(organization):
    return _member(organization, Membership.Role.ADMIN)


@pytest.fixture
def nala_admin(nala):
    return _member(nala, Membership.Role.ADMIN, mfa=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for():
    """`client_for(user)`: an API client with that user's session."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def editor_client(client_for, editor) -> APIClient:
    return client_for(editor)


@pytest.fixture
def member_client(client_for, member) -> APIClient:
    return client_for(member)


@pytest.fixture
def admin_client_mfa(client_for, admin_user) -> APIClient:
    return client_for(admin_user)


@pytest.fixture
def api_key_for():
    """`api_key_for(organization, scope)`: (APIClient with the key, ApiKey)."""

    def make(organization: Organization, scope: str = ApiKey.Scope.WRITE) -> tuple[APIClient, ApiKey]:
        key, secret = api_key_create(actor=TEST_ACTOR, organization=organization, name=f"{scope} key", scope=scope)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client, key

    return make


@pytest.fixture
def api_key_client(api_key_for, organization) -> APIClient:
    return api_key_for(organization, ApiKey.Scope.WRITE)[0]
