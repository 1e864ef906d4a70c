import pytest
from rest_framework import exceptions

from municipalities.models import ApiKey, Membership
from municipalities.actors import Actor
from municipalities.permissions import MfaRequired, check_role
from municipalities.services import api_key_create
from tests.factories import MembershipFactory, enable_totp, verified_user
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def person(organization, role, *, mfa=False) -> Actor:
    user = verified_user()
    MembershipFactory(user=user, organization=organization, role=role)
    if mfa:
        enable_totp(user)
    return Actor.for_user(user)


@pytest.mark.parametrize("role", [Membership.Role.COMPETITION_MANAGER, Membership.Role.REVIEWER])
def test_nala_competition_roles_need_2fa(nala, role):
    without = person(nala, role)
    with pytest.raises(MfaRequired):
        check_role(actor=without, organization=nala, role=role)
    check_role(actor=person(nala, role, mfa=True), organization=nala, role=role)


def test_competition_roles_do_not_rank_against_content_roles(nala):
    reviewer = person(nala, Membership.Role.REVIEWER, mfa=True)
    assert reviewer.has_role(nala, Membership.Role.MEMBER)
    assert not reviewer.has_role(nala, Membership.Role.EDITOR)
    assert not reviewer.has_role(nala, Membership.Role.COMPETITION_MANAGER)
    admin = person(nala, Membership.Role.ADMIN, mfa=True)
    assert admin.has_role(nala, Membership.Role.REVIEWER) and admin.has_role(nala, Membership.Role.COMPETITION_MANAGER)


def test_editing_needs_no_2fa_but_admin_powers_do(organization):
    check_role(actor=person(organization, Membership.Role.EDITOR), organization=organization, role=Membership.Role.EDITOR)
    admin = person(organization, Membership.Role.ADMIN)
    check_role(actor=admin, organization=organization, role=Membership.Role.EDITOR)
    with pytest.raises(MfaRequired):
        check_role(actor=admin, organization=organization, role=Membership.Role.ADMIN)


def test_a_write_key_acts_as_an_editor_of_its_own_organization_only(organization, other_organization):
    api_key, _secret = api_key_create(actor=TEST_ACTOR, organization=organization, name="portal", scope=ApiKey.Scope.WRITE)
    actor = Actor.for_api_key(api_key)
    check_role(actor=actor, organization=organization, role=Membership.Role.EDITOR)
    with pytest.raises(exceptions.PermissionDenied) as error:
        check_role(actor=actor, organization=other_organization, role=Membership.Role.MEMBER)
    assert str(error.value.detail) == "You need the Member role in Vani (test) for this."


def test_anonymous_is_not_authenticated(organization):
    with pytest.raises(exceptions.NotAuthenticated):
        check_role(actor=Actor.anonymous(), organization=organization, role=Membership.Role.MEMBER)
