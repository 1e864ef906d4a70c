from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from municipalities.models import ApiKey, AuditEntry, Invitation, Membership, hash_secret
from municipalities.services import (
    api_key_create,
    api_key_revoke,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_change_role,
    membership_remove,
)
from hub.errors import NotAllowed
from tests.factories import MembershipFactory, verified_user
from tests.actors import TEST_ACTOR
from municipalities.actors import Actor

pytestmark = pytest.mark.django_db


def audit_rows(organization):
    return list(AuditEntry.objects.filter(organization=organization).order_by("id").values("action", "actor", "target_id", "data"))


def test_change_role_writes_the_audit_row(organization, admin_user, member):
    membership = member.memberships.get()

    membership_change_role(membership=membership, role=Membership.Role.EDITOR, actor=Actor.for_user(admin_user))

    membership.refresh_from_db()
    assert membership.role == Membership.Role.EDITOR
    assert audit_rows(organization) == [
        {
            "action": "membership.role_changed",
            "actor": admin_user.pk,
            "target_id": str(membership.pk),
            "data": {"email": member.email, "from": "member", "to": "editor"},
        }
    ]


def test_demoting_the_last_admin_is_refused_and_changes_nothing(organization, admin_user):
    membership = admin_user.memberships.get()

    with pytest.raises(ValidationError) as error:
        membership_change_role(membership=membership, role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))

    assert error.value.messages == [
        f"{admin_user.email} is the last administrator of Rustavi (test); make another member an administrator first."
    ]
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.ADMIN
    assert audit_rows(organization) == []


def test_an_admin_can_step_down_when_another_admin_remains(organization, admin_user):
    other_admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN)
    membership = admin_user.memberships.get()

    membership_change_role(membership=membership, role=Membership.Role.EDITOR, actor=Actor.for_user(admin_user))

    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.EDITOR
    assert Membership.objects.get(pk=other_admin.pk).role == Membership.Role.ADMIN


def test_removing_the_last_admin_is_refused(organization, admin_user):
    membership = admin_user.memberships.get()

    with pytest.raises(ValidationError, match="is the last administrator of"):
        membership_remove(membership=membership, actor=Actor.for_user(admin_user))

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert audit_rows(organization) == []


def test_remove_member_deletes_and_audits(organization, admin_user, member):
    membership = member.memberships.get()
    membership_id = membership.pk

    membership_remove(membership=membership, actor=Actor.for_user(admin_user))

    assert not Membership.objects.filter(pk=membership_id).exists()
    assert audit_rows(organization) == [
        {"action": "membership.removed", "actor": admin_user.pk, "target_id": str(membership_id), "data": {"email": member.email, "role": "member"}}
    ]


def test_nala_only_roles_are_refused_outside_nala(organization, admin_user, member):
    with pytest.raises(ValidationError) as error:
        membership_change_role(membership=member.memberships.get(), role=Membership.Role.REVIEWER, actor=Actor.for_user(admin_user))
    assert error.value.message_dict == {"role": ["Only NALA gives the competition manager and reviewer roles."]}

    with pytest.raises(ValidationError, match="Only NALA gives"):
        invitation_create(organization=organization, email="new@example.ge", role=Membership.Role.COMPETITION_MANAGER, actor=Actor.for_user(admin_user))
    assert not Invitation.objects.exists()


def test_nala_can_invite_a_reviewer(nala, nala_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invitation_create(organization=nala, email="reviewer@example.ge", role=Membership.Role.REVIEWER, actor=Actor.for_user(nala_admin))
    assert invitation.role == Membership.Role.REVIEWER


def test_invitation_create_stores_a_hash_and_mails_the_link_on_commit(organization, admin_user, django_capture_on_commit_callbacks, settings):
    settings.INVITATION_VALID_DAYS = 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, token = invitation_create(organization=organization, email="New@Example.GE", role=Membership.Role.EDITOR, actor=Actor.for_user(admin_user))
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert invitation.token_hash == hash_secret(token)
    assert token not in invitation.token_hash
    assert invitation.email == "New@example.ge"
    assert timedelta(days=3) - timedelta(minutes=1) < invitation.expires_at - timezone.now() <= timedelta(days=3)
    [message] = mail.outbox
    assert message.to == ["New@example.ge"]
    assert f"/invitations/{token}/" in message.body
    assert message.subject == "Invitation to join Rustavi (test)"
    assert audit_rows(organization) == [
        {"action": "invitation.created", "actor": admin_user.pk, "target_id": str(invitation.pk), "data": {"email": "New@example.ge", "role": "editor"}}
    ]


def test_no_mail_and_no_invitation_when_the_surrounding_transaction_rolls_back(organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            invitation_create(organization=organization, email="x@example.ge", role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))
            raise RuntimeError("the caller failed after inviting")
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_inviting_a_member_or_someone_already_invited_is_refused(organization, admin_user, member, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as error:
        invitation_create(organization=organization, email=member.email.upper(), role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))
    normalized = member.email.upper().rsplit("@", 1)[0] + "@example.ge"
    assert error.value.message_dict == {"email": [f"{normalized} is already a member of Rustavi (test)."]}

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organization=organization, email="x@example.ge", role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))
    with pytest.raises(ValidationError) as error:
        invitation_create(organization=organization, email="X@example.ge", role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))
    assert error.value.message_dict == {"email": ["X@example.ge already has a pending invitation; revoke it to send a new one."]}
    assert Invitation.objects.count() == 1


@pytest.fixture
def invitation_and_token(organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(organization=organization, email="newcomer@example.ge", role=Membership.Role.EDITOR, actor=Actor.for_user(admin_user))


def test_accept_creates_the_membership_and_uses_up_the_invitation(organization, invitation_and_token):
    invitation, token = invitation_and_token
    newcomer = verified_user(email="newcomer@example.ge")

    membership = invitation_accept(token=token, actor=Actor.for_user(newcomer))

    assert (membership.organization, membership.user, membership.role) == (organization, newcomer, Membership.Role.EDITOR)
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.status == Invitation.Status.ACCEPTED
    assert AuditEntry.objects.filter(organization=organization).latest("id").action == "invitation.accepted"

    with pytest.raises(ValidationError) as error:
        invitation_accept(token=token, actor=Actor.for_user(newcomer))
    assert error.value.messages == ["This invitation has already been used."]
    assert Membership.objects.filter(organization=organization, user=newcomer).count() == 1


def test_accept_needs_the_invited_verified_address(organization, invitation_and_token):
    invitation, token = invitation_and_token
    stranger = verified_user(email="stranger@example.ge")

    with pytest.raises(NotAllowed) as error:
        invitation_accept(token=token, actor=Actor.for_user(stranger))

    assert str(error.value) == "This invitation was sent to newcomer@example.ge; sign in with that verified e-mail address to accept it."
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accept_refuses_an_unverified_address(invitation_and_token):
    from allauth.account.models import EmailAddress

    _invitation, token = invitation_and_token
    newcomer = verified_user(email="newcomer@example.ge")
    EmailAddress.objects.filter(user=newcomer).update(verified=False)

    with pytest.raises(NotAllowed):
        invitation_accept(token=token, actor=Actor.for_user(newcomer))
    assert not newcomer.memberships.exists()


def test_expired_revoked_and_unknown_invitations_are_refused(organization, admin_user, invitation_and_token):
    invitation, token = invitation_and_token
    newcomer = verified_user(email="newcomer@example.ge")

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=token, actor=Actor.for_user(newcomer))
    assert error.value.messages == ["This invitation has expired; ask the organization's administrator for a new one."]

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=1))
    invitation_revoke(invitation=Invitation.objects.get(pk=invitation.pk), actor=Actor.for_user(admin_user))
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=token, actor=Actor.for_user(newcomer))
    assert error.value.messages == ["This invitation has been revoked."]

    with pytest.raises(ValidationError) as error:
        invitation_accept(token="not-a-token", actor=Actor.for_user(newcomer))
    assert error.value.messages == ["This invitation link is not valid."]
    assert not newcomer.memberships.exists()


def test_revoke_invitation_audits_and_refuses_twice(organization, admin_user, invitation_and_token):
    invitation, _token = invitation_and_token

    invitation_revoke(invitation=invitation, actor=Actor.for_user(admin_user))

    assert invitation.status == Invitation.Status.REVOKED
    assert AuditEntry.objects.filter(organization=organization, action="invitation.revoked", target_id=str(invitation.pk)).count() == 1
    with pytest.raises(ValidationError, match="already been revoked"):
        invitation_revoke(invitation=invitation, actor=Actor.for_user(admin_user))


def test_api_key_create_and_revoke(organization, admin_user):
    api_key, secret = api_key_create(organization=organization, name="portal", scope=ApiKey.Scope.WRITE, actor=Actor.for_user(admin_user))
    assert secret.startswith("mkh_") and api_key.key_hash == hash_secret(secret) and api_key.key_prefix == secret[:10]

    api_key_revoke(api_key=api_key, actor=Actor.for_user(admin_user))

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None and not api_key.is_active
    assert [row["action"] for row in audit_rows(organization)] == ["api_key.created", "api_key.revoked"]
    assert audit_rows(organization)[1]["data"] == {"name": "portal", "scope": "write"}
    with pytest.raises(ValidationError, match="This API key has already been revoked."):
        api_key_revoke(api_key=api_key, actor=Actor.for_user(admin_user))


def test_api_key_create_refuses_an_unknown_scope(organization):
    with pytest.raises(ValidationError) as error:
        api_key_create(actor=TEST_ACTOR, organization=organization, name="x", scope="admin")
    assert error.value.message_dict == {"scope": ["“admin” is not a scope; use read or write."]}
    assert not ApiKey.objects.exists()
