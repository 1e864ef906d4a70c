import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from municipalities.models import ApiKey, AuditEntry, Invitation, Membership, hash_secret
from municipalities.services import invitation_create
from tests.factories import MembershipFactory, verified_user
from municipalities.actors import Actor

pytestmark = pytest.mark.django_db


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def page(organization, name, lang="en"):
    return f"/{lang}/my/organizations/{organization.slug}/{name}/"


def test_my_organizations_links_the_admin_pages(organization, admin_user):
    response = logged_in(admin_user).get("/en/my/organizations/")
    assert response.status_code == 200
    for name in ("members", "invitations", "api-keys", "audit"):
        assert f"/en/my/organizations/{organization.slug}/{name}/" in response.text


def test_members_page_for_a_member_shows_no_admin_controls(organization, member, admin_user):
    response = logged_in(member).get(page(organization, "members"))
    assert response.status_code == 200
    assert admin_user.email in response.text
    assert "Change role" not in response.text and "/remove/" not in response.text


def test_anonymous_is_sent_to_log_in(organization):
    response = Client().get(page(organization, "members"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_outsider_gets_403(organization, other_organization):
    outsider = verified_user()
    MembershipFactory(user=outsider, organization=other_organization, role=Membership.Role.ADMIN)
    response = logged_in(outsider).get(page(organization, "members"))
    assert response.status_code == 403
    assert "You need the Member role in Rustavi (test) to open this page." in response.text


def test_admin_without_mfa_is_told_to_set_up_2fa(organization, admin_without_mfa, member):
    client = logged_in(admin_without_mfa)
    response = client.get(page(organization, "invitations"))
    assert response.status_code == 403
    assert "Two-factor authentication required" in response.text
    assert 'href="/en/accounts/2fa/totp/activate/"' in response.text
    # The members page stays readable but offers no admin actions until 2FA is on.
    response = client.get(page(organization, "members"))
    assert response.status_code == 200 and "Set up an authenticator app" in response.text and "Change role" not in response.text
    response = client.post(f"{page(organization, 'members')}{member.memberships.get().pk}/remove/")
    assert response.status_code == 403
    assert member.memberships.exists()


def test_admin_changes_a_role_and_removes_a_member(organization, admin_user, member):
    client = logged_in(admin_user)
    membership = member.memberships.get()
    response = client.post(f"{page(organization, 'members')}{membership.pk}/role/", {f"m{membership.pk}-role": "editor"}, follow=True)
    assert response.status_code == 200
    assert f"{member.email} is now Editor." in response.text
    assert Membership.objects.get(pk=membership.pk).role == "editor"
    response = client.post(f"{page(organization, 'members')}{membership.pk}/remove/", follow=True)
    assert f"{member.email} was removed from Rustavi (test)." in response.text
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert [e.action for e in AuditEntry.objects.filter(organization=organization).order_by("id")] == ["membership.role_changed", "membership.removed"]


def test_removing_the_last_admin_in_the_ui_is_400_with_the_reason(organization, admin_user):
    membership = admin_user.memberships.get()
    response = logged_in(admin_user).post(f"{page(organization, 'members')}{membership.pk}/remove/")
    assert response.status_code == 400
    assert "is the last administrator of Rustavi (test)" in response.text
    assert Membership.objects.filter(pk=membership.pk, role="admin").exists()


def test_removing_the_last_admin_reads_in_georgian(organization, admin_user):
    membership = admin_user.memberships.get()
    response = logged_in(admin_user).post(f"/my/organizations/{organization.slug}/members/{membership.pk}/remove/")
    assert response.status_code == 400
    assert "ბოლო ადმინისტრატორია" in response.text


def test_role_change_needs_post(organization, admin_user, member):
    response = logged_in(admin_user).get(f"{page(organization, 'members')}{member.memberships.get().pk}/role/")
    assert response.status_code == 405


def test_posts_are_csrf_protected(organization, admin_user, member):
    client = logged_in(admin_user, enforce_csrf_checks=True)
    response = client.post(f"{page(organization, 'members')}{member.memberships.get().pk}/remove/")
    assert response.status_code == 403
    assert member.memberships.exists()


def test_invite_from_the_ui(organization, admin_user, django_capture_on_commit_callbacks):
    client = logged_in(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(organization, "invitations"), {"email": "colleague@example.ge", "role": "editor"}, follow=True)
    assert "An invitation was sent to colleague@example.ge." in response.text
    assert "colleague@example.ge" in response.text
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.get()
    response = client.post(f"{page(organization, 'invitations')}{invitation.pk}/revoke/", follow=True)
    assert "The invitation to colleague@example.ge was revoked." in response.text
    assert Invitation.objects.get().status == "revoked"
    response = client.post(f"{page(organization, 'invitations')}{invitation.pk}/revoke/", follow=True)
    assert "This invitation has already been revoked." in response.text
    assert AuditEntry.objects.filter(action="invitation.revoked").count() == 1


def test_invalid_email_in_the_ui_is_a_field_error(organization, admin_user):
    response = logged_in(admin_user).post(page(organization, "invitations"), {"email": "nope", "role": "member"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Invitation.objects.exists()


def test_invalid_email_in_georgian(organization, admin_user):
    response = logged_in(admin_user).post(f"/my/organizations/{organization.slug}/invitations/", {"email": "nope", "role": "member"})
    assert response.status_code == 400
    assert "შეიყვანეთ მართებული ელფოსტის მისამართი." in response.text


def test_non_nala_invitation_form_offers_no_competition_roles(organization, admin_user, nala, nala_admin):
    assert 'value="reviewer"' not in logged_in(admin_user).get(page(organization, "invitations")).text
    assert 'value="reviewer"' in logged_in(nala_admin).get(page(nala, "invitations")).text


def test_api_key_secret_is_shown_once(organization, admin_user):
    client = logged_in(admin_user)
    response = client.post(page(organization, "api-keys"), {"name": "portal", "scope": "write"})
    assert response.status_code == 200
    secret = re.search(r'value="(mkh_[^"]+)"', response.text).group(1)
    api_key = ApiKey.objects.get()
    assert api_key.key_hash == hash_secret(secret)
    response = client.get(page(organization, "api-keys"))
    assert secret not in response.text and api_key.key_prefix in response.text and "never" in response.text
    response = client.post(f"{page(organization, 'api-keys')}{api_key.pk}/revoke/", follow=True)
    assert "The API key “portal” was revoked." in response.text
    assert not ApiKey.objects.get().is_active


def test_api_key_form_errors(organization, admin_user):
    response = logged_in(admin_user).post(page(organization, "api-keys"), {"name": "", "scope": "root"})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Select a valid choice. root is not one of the available choices." in response.text
    assert not ApiKey.objects.exists()


def test_admin_of_another_org_cannot_revoke_our_key(organization, other_organization, api_key_for):
    _client, key = api_key_for(organization)
    intruder = verified_user()
    MembershipFactory(user=intruder, organization=other_organization, role=Membership.Role.ADMIN)
    from tests.factories import enable_totp

    enable_totp(intruder)
    client = logged_in(intruder)
    assert client.post(f"/en/my/organizations/{other_organization.slug}/api-keys/{key.pk}/revoke/").status_code == 404
    assert client.post(f"/en/my/organizations/{organization.slug}/api-keys/{key.pk}/revoke/").status_code == 403
    assert ApiKey.objects.get(pk=key.pk).is_active


def test_audit_page_is_paginated(organization, admin_user, django_assert_max_num_queries):
    from municipalities.audit import AuditAction
    from municipalities.services import audit_record

    for number in range(55):
        audit_record(organization=organization, actor=Actor.for_user(admin_user), action=AuditAction.TERM_UPDATED, data={"n": number})
    client = logged_in(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(page(organization, "audit"))
    assert response.status_code == 200
    assert response.text.count("<td>List entry changed</td>") == 50
    assert "Page 1 of 2" in response.text
    assert client.get(page(organization, "audit") + "?page=2").text.count("<td>List entry changed</td>") == 5


def test_audit_page_names_the_actions(organization, admin_user, member):
    client = logged_in(admin_user)
    client.post(f"{page(organization, 'members')}{member.memberships.get().pk}/role/", {f"m{member.memberships.get().pk}-role": "editor"})
    response = client.get(page(organization, "audit"))
    assert "Role changed" in response.text and "from: Member" in response.text and "to: Editor" in response.text
    response = client.get(f"/my/organizations/{organization.slug}/audit/")
    assert "როლი შეიცვალა" in response.text


def test_members_cannot_read_the_audit_log(organization, member):
    assert logged_in(member).get(page(organization, "audit")).status_code == 403


@pytest.fixture
def emailed_link(organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organization=organization, email="newcomer@example.ge", role="editor", actor=Actor.for_user(admin_user))
    url = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body).group(0)
    return url.split("://", 1)[1].split("/", 1)[1]


def test_accept_link_requires_login_then_accepts(organization, emailed_link):
    path = "/" + emailed_link
    anonymous = Client()
    response = anonymous.get("/en" + path)
    assert response.status_code == 200 and "Sign in with newcomer@example.ge to accept it." in response.text
    assert f'href="/en/accounts/login/?next=/en{path}"' in response.text.replace("%2F", "/")
    assert f'href="/en/accounts/signup/?next=/en{path}"' in response.text.replace("%2F", "/")
    response = anonymous.post(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Membership.objects.filter(user__email="newcomer@example.ge").exists()
    client = logged_in(verified_user(email="newcomer@example.ge"))
    response = client.get("/en" + path)
    assert response.status_code == 200 and "You are invited to join Rustavi (test) as Editor." in response.text
    response = client.post("/en" + path, follow=True)
    assert "Welcome to Rustavi (test): you are now Editor." in response.text
    assert Membership.objects.filter(organization=organization, user__email="newcomer@example.ge", role="editor").exists()
    response = client.get("/en" + path)
    assert response.status_code == 400 and "This invitation has already been used." in response.text


def test_accept_link_with_another_account_is_refused(organization, emailed_link):
    client = logged_in(verified_user(email="other@example.ge"))
    response = client.post("/en/" + emailed_link)
    assert response.status_code == 403
    assert "This invitation was sent to newcomer@example.ge" in response.text
    assert not Membership.objects.filter(user__email="other@example.ge").exists()


def test_expired_and_unknown_links(organization, emailed_link):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client = logged_in(verified_user(email="newcomer@example.ge"))
    response = client.post("/en/" + emailed_link)
    assert response.status_code == 400 and "This invitation has expired" in response.text
    response = client.get("/en/invitations/made-up-token/")
    assert response.status_code == 400 and "This invitation link is not valid." in response.text
    assert not Membership.objects.filter(user__email="newcomer@example.ge").exists()


def test_allauth_pages_use_the_hub_layout():
    response = Client().get("/en/accounts/login/")
    assert response.status_code == 200
    assert "bootstrap.min.css" in response.text and "Municipal Knowledge Hub" in response.text
    assert 'class="form-control' in response.text and 'class="btn btn-primary"' in response.text
    response = Client().get("/accounts/login/")
    assert response.status_code == 200 and '<html lang="ka">' in response.text
    # allauth's own Georgian catalogue translates its pages inside the hub's layout.
    assert "შესვლა" in response.text and "Sign In" not in response.text


def test_mfa_pages_use_the_hub_layout(admin_without_mfa):
    client = logged_in(admin_without_mfa)
    response = client.get("/en/accounts/2fa/")
    assert response.status_code == 200
    assert "bootstrap.min.css" in response.text and 'class="card mb-4"' in response.text
    # Activating TOTP first asks for the password again, on a form in the hub's style.
    response = client.get("/en/accounts/2fa/totp/activate/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/en/accounts/reauthenticate/")
    assert 'class="form-control' in response.text


@pytest.mark.parametrize("path", ["/en/accounts/signup/", "/en/accounts/password/reset/", "/en/accounts/confirm-email/"])
def test_entrance_pages_use_the_hub_layout(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert "bootstrap.min.css" in response.text and "municipalities/entrance.css" in response.text
    assert 'id="main"' in response.text


def test_totp_activation_after_confirming_the_password_shows_the_qr_code(admin_without_mfa):
    client = logged_in(admin_without_mfa)
    # allauth asks for the password again before 2FA changes.
    response = client.post("/en/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert 'width="220" height="220"' in response.text
    assert 'name="code"' in response.text and 'class="form-control' in response.text
