"""Roles × content types × actions for practices and adoptions."""

import pytest

from municipalities.models import AuditEntry
from practices.models import Adoption, Practice
from practices.services.adoption import adoption_create

from .permission_matrix import CONTENT_MATRIX, ROLES, assert_unchanged_when_refused, client_for_role, perform
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)
def test_practice_permission_matrix(request, role, action, expected, organization, draft_practice, published_practice):
    client = client_for_role(role, request)
    response = perform(
        action, client, collection_url="/api/v1/practices/", draft=draft_practice, published=published_practice,
        create_payload={"organization": organization.slug, "title_ka": "ახალი პრაქტიკა"},
        update_payload={"title_en": "Changed"},
    )
    assert response.status_code == expected, response.content
    if action == "delete" and expected == 204:
        assert not Practice.objects.filter(pk=published_practice.pk).exists()
    else:
        assert_unchanged_when_refused(action, response, published_practice)


def test_nala_moderation_is_audited_as_moderation(client_for, nala_admin, published_practice):
    response = client_for(nala_admin).post(f"/api/v1/practices/{published_practice.pk}/archive/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="content.archived")
    assert entry.actor == nala_admin
    assert entry.organization == published_practice.organization
    assert entry.data == {"type": "practice", "moderation": True}


def test_owner_archive_is_not_moderation(editor_client, editor, published_practice):
    editor_client.post(f"/api/v1/practices/{published_practice.pk}/archive/")
    assert AuditEntry.objects.get(action="content.archived").data == {"type": "practice", "moderation": False}


ADOPTION_EXPECTED = {
    "list": dict.fromkeys(ROLES, 200),
    "create": {"anonymous": 401, "member": 403, "editor": 201, "admin": 201, "other_editor": 403, "nala_admin": 403, "read_key": 403, "write_key": 201},
    "update": {"anonymous": 401, "member": 403, "editor": 200, "admin": 200, "other_editor": 403, "nala_admin": 403, "read_key": 403, "write_key": 200},
    "delete": {"anonymous": 401, "member": 403, "editor": 204, "admin": 204, "other_editor": 403, "nala_admin": 403, "read_key": 403, "write_key": 204},
}
ADOPTION_MATRIX = [(role, action, ADOPTION_EXPECTED[action][role]) for action in ADOPTION_EXPECTED for role in ROLES]


@pytest.mark.parametrize(("role", "action", "expected"), ADOPTION_MATRIX)
def test_adoption_permission_matrix(request, role, action, expected, organization, other_organization, make_practice):
    """The adopter (tenant) is `organization`; the practices belong to `other_organization`, whose editor is `other_editor`."""
    adopted = make_practice(owner=other_organization, title_ka="ადაპტირებული", published=True)
    fresh = make_practice(owner=other_organization, title_ka="ახალი", published=True)
    adoption = adoption_create(actor=TEST_ACTOR, organization=organization, practice=adopted, status=Adoption.Status.PLANNED, date="2025-01-10")
    client = client_for_role(role, request)
    if action == "list":
        response = client.get("/api/v1/adoptions/")
    elif action == "create":
        response = client.post("/api/v1/adoptions/", {"organization": organization.slug, "practice": fresh.pk, "status": "adopting", "date": "2025-02-01"}, format="json")
    elif action == "update":
        response = client.patch(f"/api/v1/adoptions/{adoption.pk}/", {"status": "adopted"}, format="json")
    else:
        response = client.delete(f"/api/v1/adoptions/{adoption.pk}/")
    assert response.status_code == expected, response.content
    if expected >= 400:
        adoption.refresh_from_db()
        assert adoption.status == Adoption.Status.PLANNED
        assert Adoption.objects.filter(practice=fresh).count() == 0
