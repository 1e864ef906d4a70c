from datetime import timedelta

import pytest
from django.core import mail
from django.urls import clear_url_caches
from django.utils import timezone

from municipalities.models import ApiKey, AuditEntry, Invitation, Membership, hash_secret
from municipalities.services import api_key_revoke, invitation_create
from tests.factories import MembershipFactory, verified_user
from tests.actors import TEST_ACTOR
from municipalities.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _requests_in_english(settings):
    # API paths carry no language prefix, so they answer in LANGUAGE_CODE; these tests read the English messages.
    # The URL resolver caches language prefixes per language: clear it on both sides of the change.
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    yield
    clear_url_caches()


def members_url(org, pk=None):
    return f"/api/v1/organizations/{org.slug}/members/" + (f"{pk}/" if pk else "")


def error(response) -> tuple[int, str, str]:
    body = response.json()["error"]
    return body["status"], body["code"], body["message"]


# Members


def test_members_list_for_a_member(organization, member, member_client, admin_user, django_assert_max_num_queries):
    MembershipFactory.create_batch(5, organization=organization)
    with django_assert_max_num_queries(6):
        response = member_client.get(members_url(organization))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7
    assert {row["email"] for row in body["results"]} >= {member.email, admin_user.email}
    assert set(body["results"][0]) == {"id", "organization", "email", "full_name", "role", "created_at", "updated_at"}


def test_members_list_filters_by_role(organization, member, admin_client_mfa, admin_user):
    response = admin_client_mfa.get(members_url(organization), {"role": "admin"})
    assert [row["email"] for row in response.json()["results"]] == [admin_user.email]
    response = admin_client_mfa.get(members_url(organization), {"role": "boss"})
    assert response.status_code == 400


def test_members_list_is_closed_to_outsiders_and_anonymous(organization, other_organization, client_for, api_client):
    outsider = verified_user()
    MembershipFactory(user=outsider, organization=other_organization, role=Membership.Role.ADMIN)
    assert error(client_for(outsider).get(members_url(organization))) == (
        403, "permission_denied", "You need the Member role in Rustavi (test) for this."
    )
    assert api_client.get(members_url(organization)).status_code == 401


def test_unknown_organization_is_404(admin_client_mfa):
    assert admin_client_mfa.get("/api/v1/organizations/nowhere/members/").status_code == 404


def test_admin_changes_a_role(organization, member, admin_client_mfa, admin_user):
    membership = member.memberships.get()
    response = admin_client_mfa.patch(members_url(organization, membership.pk), {"role": "editor"}, format="json")
    assert response.status_code == 200
    assert response.json()["role"] == "editor"
    assert Membership.objects.get(pk=membership.pk).role == "editor"
    entry = AuditEntry.objects.get(organization=organization, action="membership.role_changed")
    assert (entry.actor, entry.data) == (admin_user, {"email": member.email, "from": "member", "to": "editor"})


def test_invalid_role_is_a_field_error(organization, member, admin_client_mfa):
    membership = member.memberships.get()
    response = admin_client_mfa.patch(members_url(organization, membership.pk), {"role": "owner"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"role": ['"owner" is not a valid choice.']}
    assert Membership.objects.get(pk=membership.pk).role == "member"


def test_editor_cannot_change_roles(organization, member, editor_client):
    membership = member.memberships.get()
    response = editor_client.patch(members_url(organization, membership.pk), {"role": "admin"}, format="json")
    assert error(response) == (403, "permission_denied", "You need the Administrator role in Rustavi (test) for this.")
    assert Membership.objects.get(pk=membership.pk).role == "member"


def test_admin_without_mfa_gets_mfa_required(organization, member, admin_without_mfa, client_for):
    membership = member.memberships.get()
    response = client_for(admin_without_mfa).patch(members_url(organization, membership.pk), {"role": "editor"}, format="json")
    status, code, message = error(response)
    assert (status, code) == (403, "mfa_required")
    assert message.startswith("This action needs two-factor authentication.")
    assert Membership.objects.get(pk=membership.pk).role == "member"
    assert not AuditEntry.objects.exists()


def test_removing_the_last_admin_is_400_and_changes_nothing(organization, admin_user, admin_client_mfa):
    membership = admin_user.memberships.get()
    response = admin_client_mfa.delete(members_url(organization, membership.pk))
    assert error(response) == (
        400, "invalid",
        f"The submitted data is not valid: {admin_user.email} is the last administrator of Rustavi (test); "
        "make another member an administrator first.",
    )
    assert Membership.objects.filter(pk=membership.pk, role="admin").exists()
    response = admin_client_mfa.patch(members_url(organization, membership.pk), {"role": "member"}, format="json")
    assert response.status_code == 400
    assert Membership.objects.filter(pk=membership.pk, role="admin").exists()
    assert not AuditEntry.objects.exists()


def test_admin_removes_a_member(organization, member, admin_client_mfa):
    membership = member.memberships.get()
    assert admin_client_mfa.delete(members_url(organization, membership.pk)).status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(organization=organization, action="membership.removed").count() == 1


def test_admin_of_org_a_cannot_touch_members_of_org_b(organization, other_organization, admin_client_mfa):
    victim = MembershipFactory(organization=other_organization, role=Membership.Role.MEMBER)
    # Through the victim's URL: refused by role.
    response = admin_client_mfa.patch(members_url(other_organization, victim.pk), {"role": "admin"}, format="json")
    assert response.status_code == 403
    # Through the attacker's own URL with the victim's id: not found in the tenant.
    response = admin_client_mfa.delete(members_url(organization, victim.pk))
    assert response.status_code == 404
    assert Membership.objects.get(pk=victim.pk).role == "member"


# API keys on tenant endpoints


def test_api_keys_cannot_manage_members(organization, member, api_key_for):
    client, _key = api_key_for(organization, ApiKey.Scope.WRITE)
    membership = member.memberships.get()
    response = client.patch(members_url(organization, membership.pk), {"role": "admin"}, format="json")
    assert error(response) == (403, "permission_denied", "API keys cannot manage organizations; sign in as an administrator.")
    response = client.post(f"/api/v1/organizations/{organization.slug}/api-keys/", {"name": "x", "scope": "write"}, format="json")
    assert response.status_code == 403
    assert ApiKey.objects.count() == 1


def test_read_only_key_writing_gets_403(organization, member, api_key_for):
    client, _key = api_key_for(organization, ApiKey.Scope.READ)
    assert client.get(members_url(organization)).status_code == 200
    response = client.delete(members_url(organization, member.memberships.get().pk))
    assert error(response) == (403, "permission_denied", "This API key is read-only.")
    assert member.memberships.exists()


def test_revoked_key_gets_401_with_message(organization, api_key_for):
    client, key = api_key_for(organization, ApiKey.Scope.WRITE)
    api_key_revoke(api_key=key, actor=TEST_ACTOR)
    response = client.get(members_url(organization))
    assert error(response) == (401, "authentication_failed", "This API key has been revoked.")
    assert response["WWW-Authenticate"] == "Bearer"


def test_key_of_org_a_on_org_b_gets_403_and_nothing_changes(organization, other_organization, api_key_for):
    victim = MembershipFactory(organization=other_organization)
    client, _key = api_key_for(organization, ApiKey.Scope.WRITE)
    response = client.delete(members_url(other_organization, victim.pk))
    assert error(response) == (403, "permission_denied", "You need the Administrator role in Vani (test) for this.")
    assert Membership.objects.filter(pk=victim.pk).exists()


def test_a_member_key_reads_members_but_not_api_keys(organization, api_key_for):
    client, _key = api_key_for(organization, ApiKey.Scope.READ)
    assert client.get(members_url(organization)).status_code == 200
    response = client.get(f"/api/v1/organizations/{organization.slug}/api-keys/")
    assert error(response) == (403, "permission_denied", "This API key is read-only.")


# Invitations


def invitations_url(org, suffix=""):
    return f"/api/v1/organizations/{org.slug}/invitations/{suffix}"


def test_admin_invites_and_the_mail_goes_out(organization, admin_client_mfa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_mfa.post(invitations_url(organization), {"email": "colleague@example.ge", "role": "editor"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["role"], body["status"]) == ("colleague@example.ge", "editor", "pending")
    assert "token" not in body and "token_hash" not in body
    [message] = mail.outbox
    assert message.to == ["colleague@example.ge"]
    invitation = Invitation.objects.get()
    token = message.body.split("/invitations/")[1].split("/")[0]
    assert invitation.token_hash == hash_secret(token)


def test_invalid_email_is_400_with_a_field_message(organization, admin_client_mfa):
    response = admin_client_mfa.post(invitations_url(organization), {"email": "not-an-address", "role": "member"}, format="json")
    assert error(response) == (400, "invalid", "The submitted data is not valid: Enter a valid email address.")
    assert response.json()["error"]["fields"] == {"email": ["Enter a valid email address."]}
    assert not Invitation.objects.exists()


def test_invalid_email_message_is_georgian_by_default(organization, admin_client_mfa, settings):
    settings.LANGUAGE_CODE = "ka"
    response = admin_client_mfa.post(invitations_url(organization), {"email": "not-an-address", "role": "member"}, format="json")
    assert response.json()["error"]["fields"] == {"email": ["შეიყვანეთ მართებული ელფოსტის მისამართი."]}
    assert not Invitation.objects.exists()


def test_nala_only_role_outside_nala_is_400(organization, admin_client_mfa):
    response = admin_client_mfa.post(invitations_url(organization), {"email": "r@example.ge", "role": "reviewer"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"role": ["Only NALA gives the competition manager and reviewer roles."]}


def test_invitations_list_filters_by_status_and_members_cannot_see_it(organization, admin_user, admin_client_mfa, member_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pending, _ = invitation_create(organization=organization, email="a@example.ge", role="member", actor=Actor.for_user(admin_user))
        expired, _ = invitation_create(organization=organization, email="b@example.ge", role="member", actor=Actor.for_user(admin_user))
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    response = admin_client_mfa.get(invitations_url(organization), {"status": "pending"})
    assert [row["email"] for row in response.json()["results"]] == ["a@example.ge"]
    response = admin_client_mfa.get(invitations_url(organization), {"status": "expired"})
    assert [row["status"] for row in response.json()["results"]] == ["expired"]
    assert member_client.get(invitations_url(organization)).status_code == 403


def test_admin_revokes_an_invitation_and_cannot_revoke_twice(organization, admin_user, admin_client_mfa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _ = invitation_create(organization=organization, email="a@example.ge", role="member", actor=Actor.for_user(admin_user))
    response = admin_client_mfa.post(invitations_url(organization, f"{invitation.pk}/revoke/"))
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    response = admin_client_mfa.post(invitations_url(organization, f"{invitation.pk}/revoke/"))
    assert error(response) == (400, "invalid", "The submitted data is not valid: This invitation has already been revoked.")


@pytest.fixture
def sent_invitation(organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(organization=organization, email="newcomer@example.ge", role="editor", actor=Actor.for_user(admin_user))


def test_accept_invitation_over_the_api(organization, sent_invitation, client_for):
    _invitation, token = sent_invitation
    newcomer = verified_user(email="newcomer@example.ge")
    client = client_for(newcomer)
    response = client.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert response.status_code == 201
    assert (response.json()["organization"], response.json()["role"]) == (organization.slug, "editor")
    response = client.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert error(response) == (400, "invalid", "The submitted data is not valid: This invitation has already been used.")
    assert newcomer.memberships.count() == 1


def test_expired_invitation_is_400(sent_invitation, client_for):
    invitation, token = sent_invitation
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    client = client_for(verified_user(email="newcomer@example.ge"))
    response = client.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert error(response)[0:2] == (400, "invalid")
    assert "This invitation has expired" in error(response)[2]
    assert not Membership.objects.filter(user__email="newcomer@example.ge").exists()


def test_accept_with_another_address_is_403(sent_invitation, client_for):
    _invitation, token = sent_invitation
    response = client_for(verified_user(email="someone@example.ge")).post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert error(response) == (
        403, "permission_denied",
        "This invitation was sent to newcomer@example.ge; sign in with that verified e-mail address to accept it.",
    )


def test_api_keys_and_anonymous_cannot_accept(organization, sent_invitation, api_key_for, api_client):
    _invitation, token = sent_invitation
    client, _key = api_key_for(organization)
    response = client.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert error(response) == (403, "permission_denied", "Sign in as a person to accept an invitation; API keys cannot accept invitations.")
    assert api_client.post("/api/v1/invitations/accept/", {"token": token}, format="json").status_code == 401
    assert Invitation.objects.get().accepted_at is None


# API keys


def keys_url(org, suffix=""):
    return f"/api/v1/organizations/{org.slug}/api-keys/{suffix}"


def test_admin_creates_a_key_and_sees_the_secret_once(organization, admin_client_mfa, api_client):
    response = admin_client_mfa.post(keys_url(organization), {"name": "portal", "scope": "write"}, format="json")
    assert response.status_code == 201
    secret = response.json()["key"]
    assert secret.startswith("mkh_")
    listed = admin_client_mfa.get(keys_url(organization)).json()["results"]
    assert [row["name"] for row in listed] == ["portal"] and "key" not in listed[0]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api_client.get(members_url(organization)).status_code == 200
    assert ApiKey.objects.get().last_used_at is not None


def test_key_creation_validates(organization, admin_client_mfa):
    response = admin_client_mfa.post(keys_url(organization), {"name": "", "scope": "everything"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"name", "scope"}
    assert not ApiKey.objects.exists()


def test_admin_revokes_a_key_and_it_stops_working(organization, admin_client_mfa, api_key_for):
    client, key = api_key_for(organization)
    response = admin_client_mfa.post(keys_url(organization, f"{key.pk}/revoke/"))
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert error(client.get(members_url(organization)))[0] == 401
    assert AuditEntry.objects.filter(action="api_key.revoked", target_id=str(key.pk)).count() == 1


def test_admin_of_a_cannot_revoke_b_keys(organization, other_organization, admin_client_mfa, api_key_for):
    _client, key = api_key_for(other_organization)
    assert admin_client_mfa.post(keys_url(organization, f"{key.pk}/revoke/")).status_code == 404
    assert admin_client_mfa.post(keys_url(other_organization, f"{key.pk}/revoke/")).status_code == 403
    assert ApiKey.objects.get(pk=key.pk).is_active


def test_keys_list_filters(organization, admin_client_mfa, api_key_for):
    api_key_for(organization, ApiKey.Scope.READ)
    _client, revoked = api_key_for(organization, ApiKey.Scope.WRITE)
    api_key_revoke(api_key=revoked, actor=TEST_ACTOR)
    assert admin_client_mfa.get(keys_url(organization), {"active": "true"}).json()["count"] == 1
    assert admin_client_mfa.get(keys_url(organization), {"scope": "write"}).json()["results"][0]["id"] == revoked.pk


# Audit


def test_audit_log_for_admins_only(organization, member, admin_user, admin_client_mfa, member_client, django_assert_max_num_queries):
    admin_client_mfa.patch(members_url(organization, member.memberships.get().pk), {"role": "editor"}, format="json")
    admin_client_mfa.post(keys_url(organization), {"name": "portal", "scope": "read"}, format="json")
    with django_assert_max_num_queries(8):
        response = admin_client_mfa.get(f"/api/v1/organizations/{organization.slug}/audit/")
    rows = response.json()["results"]
    assert [row["action"] for row in rows] == ["api_key.created", "membership.role_changed"]
    assert rows[0]["actor"] == admin_user.email
    response = admin_client_mfa.get(f"/api/v1/organizations/{organization.slug}/audit/", {"action": "api_key.created"})
    assert response.json()["count"] == 1
    assert member_client.get(f"/api/v1/organizations/{organization.slug}/audit/").status_code == 403


def test_audit_log_of_another_organization_is_closed(other_organization, admin_client_mfa):
    response = admin_client_mfa.get(f"/api/v1/organizations/{other_organization.slug}/audit/")
    assert response.status_code == 403


# Organizations


def test_organizations_list_filters_by_kind_and_region(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/v1/organizations/", {"kind": "association"})
    assert [row["slug"] for row in response.json()["results"]] == ["nala"]
    response = api_client.get("/api/v1/organizations/", {"region": "imereti", "page_size": 100})
    slugs = {row["slug"] for row in response.json()["results"]}
    assert "kutaisi" in slugs and "rustavi" not in slugs
    assert api_client.get("/api/v1/organizations/rustavi/").json()["slug"] == "rustavi"
