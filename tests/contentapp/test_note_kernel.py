"""A content type in another app (tests.contentapp.Note) gets the whole kernel with no change to practices/:
the type registry, search, the drafts page, open data, the API permission matrix, and clash-free names."""

import csv
import io
import json

import pytest
from django.db import connection

from practices.indexing import content_document
from practices.models import Practice, content_models
from practices.services.content import content_archive, content_publish
from search import index
from search.backends import get_search_backends
from search.backends.base import SearchFilters, SearchQuery
from tests.actors import TEST_ACTOR
from tests.practices.permission_matrix import (
    CONTENT_MATRIX,
    assert_unchanged_when_refused,
    client_for_role,
    perform,
)

from .conftest import NOTE_URLS
from .models import Note

pytestmark = [pytest.mark.django_db, pytest.mark.urls(NOTE_URLS)]


def test_content_models_includes_the_note():
    assert Note in content_models()
    assert Practice in content_models()
    assert Note._meta.app_label == "contentapp"


def test_search_registers_the_note_type():
    # practices.indexing.register_content_types() ran at startup: it found Note through content_models().
    registration = index.registration_for("note")
    assert registration.model is Note
    assert index.registration_for_model(Note) is registration


def _search(text: str, doc_type: str) -> set[str]:
    backend = get_search_backends()[0]
    results = backend.search(SearchQuery(text=text, filters=SearchFilters(doc_type=doc_type)))
    return {hit.object_id for hit in results.hits}


def test_a_published_note_is_found_and_an_archived_one_is_not(draft_note, django_capture_on_commit_callbacks):
    assert _search("ნარჩენების", "note") == set()
    with django_capture_on_commit_callbacks(execute=True):
        content_publish(item=draft_note, actor=TEST_ACTOR)
    assert _search("ნარჩენების", "note") == {str(draft_note.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        content_archive(item=draft_note, actor=TEST_ACTOR)
    assert _search("ნარჩენების", "note") == set()


def test_the_search_document_of_a_note(published_note):
    document = content_document(published_note)
    assert document.doc_type == "note"
    assert document.body == "ნარჩენების მართვა"
    assert document.url == f"/notes/{published_note.organization.slug}/{published_note.slug}/"


def test_the_drafts_page_lists_a_draft_note_for_a_member(client, member, draft_note, published_note):
    client.force_login(member)
    response = client.get("/en/drafts/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Landfill draft note" in text
    assert f'href="/en/notes/{draft_note.organization.slug}/{draft_note.slug}/"' in text
    # Published items are not drafts.
    assert "Landfill note<" not in text


def test_the_drafts_page_hides_a_note_from_another_organization(client, other_editor, draft_note):
    client.force_login(other_editor)
    assert "Landfill draft note" not in client.get("/en/drafts/").content.decode()


def test_the_note_export_has_published_rows_only(api_client, draft_note, published_note):
    response = api_client.get("/api/v1/notes/export.json")
    assert response.status_code == 200
    rows = json.loads(b"".join(response.streaming_content))
    assert [row["id"] for row in rows] == [published_note.pk]
    assert rows[0]["body_ka"] == "ნარჩენების მართვა"
    assert rows[0]["organization"] == published_note.organization.slug

    response = api_client.get("/api/v1/notes/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="notes.csv"'
    table = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["slug"] for row in table] == [published_note.slug]


def test_the_catalogue_lists_the_note_dataset(api_client, note_dataset, published_note):
    response = api_client.get("/api/v1/catalog/")
    assert response.status_code == 200
    datasets = {entry["dct:identifier"]: entry for entry in response.json()["dcat:dataset"]}
    entry = datasets[f"notes/{published_note.organization.slug}"]
    downloads = {dist["dct:format"]: dist["dcat:downloadURL"]["@id"] for dist in entry["dcat:distribution"]}
    assert downloads["CSV"].endswith(f"/api/v1/notes/export.csv?organization={published_note.organization.slug}")
    assert api_client.get(downloads["JSON"].split("testserver", 1)[1]).status_code == 200


def test_the_open_data_page_lists_the_note_dataset(client, note_dataset):
    text = client.get("/en/open-data/").content.decode()
    assert "Municipal notes" in text
    assert "/api/v1/notes/export.csv" in text


@pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)
def test_note_permission_matrix(request, role, action, expected, organization, draft_note, published_note):
    client = client_for_role(role, request)
    response = perform(
        action, client, collection_url="/api/v1/notes/", draft=draft_note, published=published_note,
        create_payload={"organization": organization.slug, "title_ka": "ახალი შენიშვნა"},
        update_payload={"title_en": "Changed"},
    )
    assert response.status_code == expected, response.content
    if action == "delete" and expected == 204:
        assert not Note.objects.filter(pk=published_note.pk).exists()
    elif action == "update" and expected == 200:
        published_note.refresh_from_db()
        assert published_note.title_en == "Changed"
    else:
        assert_unchanged_when_refused(action, response, published_note)


def test_names_carry_the_app_label():
    constraint_names = {constraint.name for constraint in Note._meta.constraints}
    assert "contentapp_note_unique_slug_per_organization" in constraint_names
    practice_names = {constraint.name for constraint in Practice._meta.constraints}
    assert not constraint_names & practice_names
    assert Note._meta.get_field("organization").remote_field.related_name == "contentapp_notes"
    assert Note._meta.db_table == "contentapp_note"
    for index_ in Note._meta.indexes:
        assert index_.name.startswith("contentap"), index_.name
    assert not {i.name for i in Note._meta.indexes} & {i.name for i in Practice._meta.indexes}


def test_the_unique_slug_constraint_exists_in_the_database():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Note._meta.db_table)
    assert "contentapp_note_unique_slug_per_organization" in constraints
    assert constraints["contentapp_note_unique_slug_per_organization"]["unique"]


def test_organization_reverse_accessors_do_not_clash(organization, published_note):
    assert list(organization.contentapp_notes.all()) == [published_note]
    assert hasattr(organization, "practices_practices")


def test_the_app_is_installed_for_tests_only():
    from hub.settings import base

    assert "tests.contentapp" not in base.INSTALLED_APPS


def test_the_generic_pages_create_edit_and_publish_a_note(client, editor, organization):
    client.force_login(editor)
    response = client.post("/en/notes/new/", {"organization": organization.pk, "title_ka": "ვებ შენიშვნა", "body_ka": "ტექსტი"})
    note = Note.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/notes/{organization.slug}/{note.slug}/"
    assert note.created_by == editor and note.status == "draft"
    response = client.post(f"/en/notes/{organization.slug}/{note.slug}/edit/", {"version": note.version, "title_ka": "ვებ შენიშვნა", "body_ka": "ახალი"})
    assert response.status_code == 302
    client.post(f"/en/notes/{organization.slug}/{note.slug}/publish/")
    note.refresh_from_db()
    assert (note.body_ka, note.status, note.revisions.count()) == ("ახალი", "published", 1)
    html = client.get(f"/en/notes/{organization.slug}/{note.slug}/").content.decode()
    assert 'data-testid="note-body">ახალი<' in html


def test_a_lock_on_a_note_is_enforced_by_the_generic_api(editor_client, organization, published_note):
    from municipalities.actors import Actor
    from practices.models import LockKind
    from practices.services.content import content_lock

    content_lock(item=published_note, actor=Actor.system(name="sync.source:3", organization=organization),
                 kind=LockKind.HARVESTED, source="vani.gov.ge")  # fmt: skip
    editor_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    response = editor_client.patch(f"/api/v1/notes/{published_note.pk}/", {"title_en": "x"}, format="json")
    assert response.status_code == 409
    assert response.json()["error"] == {"status": 409, "code": "content_locked", "message": "Harvested from vani.gov.ge: edit it there."}
