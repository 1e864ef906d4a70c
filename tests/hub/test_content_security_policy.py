"""Every response carries the Content-Security-Policy, and the pages need nothing it refuses (inline scripts or styles)."""

import re

import pytest
from django.test import Client

from tests.practices.library_builders import build_action_plan, build_service, build_training_module

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.fixture
def library(organization):
    plan = build_action_plan(organization, publish=True)
    module = build_training_module(organization)
    service = build_service(organization)
    return plan, module, service


def pages(organization, library) -> list[str]:
    plan, module, service = library
    return [
        "/", "/en/", "/practices/", "/action-plans/", "/training/", "/services/", "/search/?q=გეგმა",
        plan.get_absolute_url(), module.get_absolute_url(), service.get_absolute_url(),
        f"/services/compare/?category={service.category.slug}", "/practices/network/", "/training/totals/", "/open-data/", "/organizations/",
        f"/organizations/{organization.slug}/", "/accounts/login/", "/api/docs/",
    ]  # fmt: skip


def test_the_policy_refuses_inline_code_and_foreign_sources(client):
    policy = directives(client.get("/"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in str(policy)


def test_every_page_carries_the_policy_and_needs_nothing_inline(organization, library):
    client = Client()
    sized = 0
    for url in pages(organization, library):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        html = response.content.decode()
        for pattern in (INLINE_STYLE, INLINE_SCRIPT, EVENT_HANDLER, STYLE_ELEMENT):
            assert not pattern.search(html), (url, pattern.search(html).group(0))
        sized += "hub-w-" in html
    assert sized  # bars sized with width classes were among the pages


def test_api_responses_and_errors_carry_it_too(api_client):
    assert "Content-Security-Policy" in api_client.get("/api/v1/organizations/")
    assert "Content-Security-Policy" in api_client.get("/api/v1/nothing-here/")
