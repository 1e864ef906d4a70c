import pytest
from rest_framework import exceptions

from municipalities.models import ApiKey, Membership
from municipalities.permissions import MfaRequired, Principal, check_role
from municipalities.services import api_key_create
from tests.factories import MembershipFactory, enable_totp, verified_user

pytestmark = pytest.mark.django_db


def person(organization, role, *, mfa=False) -> Principal:
    user = verified_user()
    MembershipFactory(user=user, organization=organization, role=role)
    if mfa:
        enable_totp(user)
    return Principal(user=user, api_key=None)


@pytest.mark.parametrize("role", [Membership.Role.COMPETITION_MANAGER, Membership.Role.REVIEWER])
def test_nala_competition_roles_need_2fa(nala, role):
    without = person(nala, role)
    with pytest.raises(MfaRequired):
        check_role(principal=without, organization=nala, role=role)
    check_role(principal=person(nala, role, mfa=True), organization=nala, role=role)


def test_competition_roles_do_not_rank_against_content_roles(nala):
    reviewer = person(nala, Membership.Role.REVIEWER, mfa=True)
    assert reviewer.has_role(nala, Membership.Role.MEMBER)
    assert not reviewer.has_role(nala, Membership.Role.EDITOR)
    assert not reviewer.has_role(nala, Membership.Role.COMPETITION_MANAGER)
    admin = person(nala, Membership.Role.ADMIN, mfa=True)
    assert admin.has_role(nala, Membership.Role.REVIEWER) and admin.has_role(nala, Membership.Role.COMPETITION_MANAGER)


def test_editing_needs_no_2fa_but_admin_powers_do(organization):
    check_role(principal=person(organization, Membership.Role.EDITOR), organization=organization, role=Membership.Role.EDITOR)
    admin = person(organization, Membership.Role.ADMIN)
    check_role(principal=admin, organization=organization, role=Membership.Role.EDITOR)
    with pytest.raises(MfaRequired):
        check_role(principal=admin, organization=organization, role=Membership.Role.ADMIN)


def test_a_write_key_acts_as_an_editor_of_its_own_organization_only(organization, other_organization):
    api_key, _secret = api_key_create(organization=organization, name="portal", scope=ApiKey.Scope.WRITE)
    principal = Principal(user=None, api_key=api_key)
    check_role(principal=principal, organization=organization, role=Membership.Role.EDITOR)
    with pytest.raises(exceptions.PermissionDenied) as error:
        check_role(principal=principal, organization=other_organization, role=Membership.Role.MEMBER)
    assert str(error.value.detail) == "You need the Member role in Vani (test) for this."


def test_anonymous_is_not_authenticated(organization):
    with pytest.raises(exceptions.NotAuthenticated):
        check_role(principal=Principal(user=None, api_key=None), organization=organization, role=Membership.Role.MEMBER)
