"""The federation pages: sources for their admins only, run history, progress, cancel; a harvested item's page."""

import pytest
from django.utils import translation

from practices.models import Practice
from sync.models import Run, RunStatus, Source
from sync.services import run_request
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_web(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_admin_adds_a_source_and_sees_its_page(admin_web, organization, theme):
    response = admin_web.post(f"/en/sync/{organization.slug}/sources/add/", {
        "name": "ვანის პორტალი", "connector": "rss", "url": "https://vani.example.ge/feed", "schedule": "daily",
        "content_type": "practice", "default_theme": "e-governance", "language": "ka", "options": "",
        "credential_username": "hub", "secret": "top-secret", "credential_setting": "",
    })
    source = Source.objects.get(name="ვანის პორტალი")
    assert response.status_code == 302 and response["Location"] == f"/en/sync/sources/{source.pk}/"
    assert source.default_theme.slug == "e-governance" and source.credentials() == ("hub", "top-secret")

    page = admin_web.get(f"/en/sync/sources/{source.pk}/")
    assert page.status_code == 200 and "top-secret" not in page.content.decode()
    assert 'data-testid="no-runs"' in page.content.decode()
    edit = admin_web.get(f"/en/sync/sources/{source.pk}/edit/").content.decode()
    assert "top-secret" not in edit and 'data-testid="has-credentials"' in edit


def test_a_bad_form_shows_field_errors(admin_web, organization):
    response = admin_web.post(f"/en/sync/{organization.slug}/sources/add/", {"name": "", "connector": "hub", "url": "nope", "schedule": "daily",
                                                                             "content_type": "practice", "language": "ka", "options": "[1]"})  # fmt: skip
    assert response.status_code == 400
    assert "Connector options must be a JSON object." in response.content.decode()
    assert not Source.objects.exists()


def test_an_active_run_shows_a_progress_bar_that_can_be_cancelled(admin_web, organization, source_for, django_assert_max_num_queries):
    source = source_for(organization, "https://vani.example.ge/")
    run = run_request(source=source, actor=TEST_ACTOR, enqueue=False)
    for status in ("succeeded", "failed", "partially_failed"):
        Run.objects.create(source=source, trigger="schedule", status=status)
    with django_assert_max_num_queries(15):
        page = admin_web.get(f"/en/sync/sources/{source.pk}/").content.decode()
    assert f'data-run-progress="/api/v1/sync/runs/{run.pk}/"' in page and "sync/progress.js" in page
    assert page.count('data-testid="run-status-') == 5  # four in the history, one on the bar

    progress = admin_web.get(f"/api/v1/sync/runs/{run.pk}/")
    assert progress.status_code == 200 and progress.json()["status"] == "queued"

    response = admin_web.post(f"/en/sync/runs/{run.pk}/cancel/")
    assert response.status_code == 302
    assert Run.objects.get(pk=run.pk).status == RunStatus.CANCELLED


def test_other_organizations_and_editors_see_nothing(client, organization, other_organization, source_for, editor):
    source = source_for(organization, "https://vani.example.ge/")
    client.force_login(editor)
    assert client.get(f"/en/sync/sources/{source.pk}/").status_code == 404
    assert client.post(f"/en/sync/sources/{source.pk}/harvest/").status_code == 404
    assert client.get(f"/en/sync/{organization.slug}/sources/add/").status_code == 403
    assert client.get("/en/sync/sources/").status_code == 200
    assert not Run.objects.exists()


def test_a_harvested_item_page_shows_its_origin_and_offers_no_edit(client, api_key_for, organization, editor):
    push_client, _ = api_key_for(organization)
    push_client.post("/api/v1/sync/push/", {"items": [{"id": "p1", "url": "https://vani.example.ge/p1", "fields": {"title_ka": "ჰარვესტი"}}]}, format="json")
    practice = Practice.objects.get(title_ka="ჰარვესტი")
    client.force_login(editor)
    with translation.override("en"):
        detail, edit = practice.get_absolute_url(), practice.page_url("edit")
    page = client.get(detail).content.decode()
    assert "Harvested from Push API: edit it there." in page
    assert 'data-testid="provenance"' in page and 'href="https://vani.example.ge/p1"' in page
    assert f'href="{edit}"' not in page
    refused = client.get(edit, follow=True)
    assert refused.redirect_chain == [(detail, 302)]
    assert "Harvested from Push API: edit it there." in refused.content.decode()
