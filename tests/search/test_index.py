"""Keeping the index in step with the database: registration, on-commit tasks, catch-up, rebuild command."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from municipalities.models import Membership, Organization, Region
from hub import tasks as hub_tasks
from search import index as search_index
from search import updates as search_updates
from search.backends import get_search_backend
from search.backends.base import SearchBackendError, SearchQuery
from search.documents import SearchDocument
from search.tasks import catch_up_index, index_document
from tests.factories import OrganizationFactory


def organization_document(organization: Organization) -> SearchDocument:
    return SearchDocument(
        doc_type="organization",
        object_id=organization.pk,
        title_ka=organization.name_ka,
        title_en=organization.name_en,
        body=organization.description_ka,
        url=f"/organizations/{organization.slug}/",
        organization_slug=organization.slug,
        organization_name=organization.name_ka,
        region_slug=organization.region.slug,
        updated_at=organization.updated_at,
    )


def described_organizations():
    # Stands in for "published": only organizations with a description are searchable.
    return Organization.objects.select_related("region").exclude(description_ka="")


@pytest.fixture(autouse=True)
def searchable_organizations(monkeypatch, db):
    monkeypatch.setattr(search_index, "_registry", {})
    search_index.register("organization", Organization, organization_document, described_organizations)


def found(text: str) -> set[str]:
    return {hit.object_id for hit in get_search_backend().search(SearchQuery(text)).hits}


def test_index_object_indexes_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        organization = OrganizationFactory(description_ka="ნარჩენების გადამუშავება")
        search_updates.index_object(organization)
        assert found("ნარჩენები") == set()

    # The organization's save also queues the API cache's invalidation (hub/api/caching.py); one callback indexes.
    [index_callback] = [callback for callback in callbacks if getattr(callback, "func", None) is hub_tasks._send]
    index_callback()
    assert found("ნარჩენები") == {str(organization.pk)}


def test_index_object_removes_what_stopped_being_public(django_capture_on_commit_callbacks):
    organization = OrganizationFactory(description_ka="ნარჩენების გადამუშავება")
    with django_capture_on_commit_callbacks(execute=True):
        search_updates.index_object(organization)
    assert found("ნარჩენები") == {str(organization.pk)}

    organization.description_ka = ""
    organization.save()
    with django_capture_on_commit_callbacks(execute=True):
        search_updates.index_object(organization)

    assert found("ნარჩენები") == set()


def test_remove_object_after_a_delete(django_capture_on_commit_callbacks):
    organization = OrganizationFactory(description_ka="ნარჩენების გადამუშავება")
    assert index_document("organization", str(organization.pk)) is True
    object_id = organization.pk

    with django_capture_on_commit_callbacks(execute=True):
        organization.delete()
        search_updates.remove_object("organization", object_id)

    assert found("ნარჩენები") == set()


def test_nothing_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                search_updates.index_object(OrganizationFactory(description_ka="ნარჩენები"))
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass

    assert callbacks == []


def test_an_engine_outage_never_fails_the_save(httpserver, settings, django_capture_on_commit_callbacks, caplog):
    httpserver.expect_request("").respond_with_data("overloaded", status=503)
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URL": httpserver.url_for("/"), "MAX_RETRIES": 0}
    }
    organization = OrganizationFactory(description_ka="ნარჩენები")

    with caplog.at_level(logging.ERROR, logger="search.index"):
        with django_capture_on_commit_callbacks(execute=True):
            search_updates.index_object(organization)

    assert [record.getMessage() for record in caplog.records] == ["task.enqueue_failed"]
    assert (caplog.records[0].task, caplog.records[0].task_args) == ("search.tasks.index_document", ["organization", str(organization.pk)])
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_the_task_retries_an_engine_outage(httpserver, settings):
    httpserver.expect_request("").respond_with_data("overloaded", status=503)
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URL": httpserver.url_for("/"), "MAX_RETRIES": 0}
    }
    organization = OrganizationFactory(description_ka="ნარჩენები")

    # Run eagerly, the task hands its retry back to the caller instead of scheduling it.
    with pytest.raises(Retry) as raised:
        index_document.apply(args=("organization", str(organization.pk)))

    assert isinstance(raised.value.exc, SearchBackendError)
    assert str(raised.value.exc).startswith("Elasticsearch refused the documents: ")
    assert (index_document.max_retries, index_document.retry_backoff, index_document.retry_backoff_max) == (8, True, 600)


def test_catch_up_repairs_bulk_updates_that_bypassed_services():
    shown, hidden, old = (OrganizationFactory(description_ka=text) for text in ("ნარჩენები", "ნარჩენები", "ნარჩენები"))
    call_command("search_reindex", stdout=StringIO())
    assert found("ნარჩენები") == {str(shown.pk), str(hidden.pk), str(old.pk)}
    long_ago = timezone.now() - timedelta(days=2)
    Organization.objects.filter(pk=old.pk).update(updated_at=long_ago, description_ka="")
    Organization.objects.filter(pk=shown.pk).update(description_ka="ღია მონაცემები", updated_at=timezone.now())
    Organization.objects.filter(pk=hidden.pk).update(description_ka="", updated_at=timezone.now())

    assert search_index.catch_up(since=timezone.now() - timedelta(hours=1)) == 1

    assert found("ღია მონაცემები") == {str(shown.pk)}
    # Outside the window nothing changes: the old one waits for the next rebuild.
    assert found("ნარჩენები") == {str(old.pk)}


def test_the_periodic_task_catches_up_on_the_configured_window(settings):
    settings.SEARCH_CATCH_UP_MINUTES = 30
    organization = OrganizationFactory(description_ka="ნარჩენები")

    assert catch_up_index.apply().get() == 1
    assert found("ნარჩენები") == {str(organization.pk)}


def test_search_reindex_rebuilds_every_type(capsys):
    kept = OrganizationFactory(description_ka="ნარჩენები")
    OrganizationFactory(description_ka="")
    get_search_backend().index([organization_document(kept), SearchDocument("organization", "stale", "ნარჩენები", "", "", "/")])
    out = StringIO()

    call_command("search_reindex", stdout=out)

    assert out.getvalue() == "Indexed 1 documents in the 'default' search backend.\n"
    assert found("ნარჩენები") == {str(kept.pk)}
    assert "organization: 100%" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"doc_type": "tour"}, "No searchable type 'tour'; registered: organization."),
        ({"backend": "elsewhere"}, "No search backend is configured under 'elsewhere' in SEARCH_BACKENDS."),
    ],
)
def test_search_reindex_refuses_unknown_types_and_backends(options, message):
    with pytest.raises(CommandError) as raised:
        call_command("search_reindex", **options)

    assert str(raised.value) == message


def test_register_needs_updated_at():
    with pytest.raises(ImproperlyConfigured) as raised:
        search_index.register("region", Region, organization_document, Region.objects.all)

    assert str(raised.value) == "Region needs an updated_at field to be searchable."


def test_a_type_belongs_to_one_model():
    with pytest.raises(ImproperlyConfigured) as raised:
        search_index.register("organization", Membership, organization_document, Membership.objects.all)

    assert str(raised.value) == "Search type 'organization' is already registered for Organization."


def test_index_object_refuses_unregistered_models():
    with pytest.raises(ImproperlyConfigured) as raised:
        search_updates.index_object(Region(slug="x"))

    assert str(raised.value) == "Region is not registered for search."
