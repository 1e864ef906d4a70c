import pytest
from django.test import Client

from municipalities.models import AuditEntry, Membership
from municipalities.services import api_key_create, invitation_create
from tests.factories import verified_user
from tests.actors import TEST_ACTOR
from municipalities.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(verified_user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["user", "organization", "region", "membership", "invitation", "apikey", "auditentry"])
def test_changelists_open_for_nala_staff(staff_client, model, organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organization=organization, email="a@example.ge", role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))
    api_key_create(organization=organization, name="portal", scope="read", actor=Actor.for_user(admin_user))
    response = staff_client.get(f"/en/admin/municipalities/{model}/")
    assert response.status_code == 200


def test_secrets_never_reach_the_admin(staff_client, organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invitation_create(organization=organization, email="a@example.ge", role="member", actor=Actor.for_user(admin_user))
    api_key, _secret = api_key_create(organization=organization, name="portal", scope="read", actor=Actor.for_user(admin_user))
    invitation_page = staff_client.get(f"/en/admin/municipalities/invitation/{invitation.pk}/change/").text
    key_page = staff_client.get(f"/en/admin/municipalities/apikey/{api_key.pk}/change/").text
    assert invitation.token_hash not in invitation_page
    assert api_key.key_hash not in key_page and api_key.key_prefix in key_page
    assert staff_client.get("/en/admin/municipalities/apikey/add/").status_code == 403
    assert staff_client.get("/en/admin/municipalities/invitation/add/").status_code == 403


def test_revoking_keys_in_the_admin_goes_through_the_service(staff_client, organization):
    api_key, _secret = api_key_create(actor=TEST_ACTOR, organization=organization, name="portal", scope="read")
    response = staff_client.post("/en/admin/municipalities/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]}, follow=True)
    assert response.status_code == 200
    api_key.refresh_from_db()
    assert not api_key.is_active
    assert AuditEntry.objects.filter(action="api_key.revoked", target_id=str(api_key.pk)).count() == 1


def test_audit_entries_are_read_only(staff_client, organization, admin_user):
    entry = AuditEntry.objects.create(organization=organization, actor=admin_user, action="x")
    assert staff_client.post(f"/en/admin/municipalities/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_people_who_are_not_nala_staff_are_sent_to_the_admin_login(member):
    client = Client()
    client.force_login(member)
    response = client.get("/en/admin/municipalities/invitation/")
    assert response.status_code == 302 and response["Location"].startswith("/en/admin/login/")
