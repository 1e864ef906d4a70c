import pytest
from django.test import Client

from municipalities.models import AuditEntry, Membership
from municipalities.services import api_key_create, invitation_create
from municipalities.actors import Actor
from tests.actors import TEST_ACTOR
from tests.factories import enable_totp, verified_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    """NALA staff with TOTP set up: the admin opens only then (test_admin_requires_two_factor below)."""
    user = verified_user(is_staff=True, is_superuser=True)
    enable_totp(user)
    client = Client()
    client.force_login(user)
    return client


def _admin_urls(objects: dict) -> list[str]:
    """Every page the admin serves for the registered models: index, app index, changelist, add, change, delete, history."""
    from django.contrib import admin

    urls = ["/en/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        base = f"/en/admin/{meta.app_label}/{meta.model_name}/"
        urls += [f"/en/admin/{meta.app_label}/", base, f"{base}add/"]
        if (obj := objects.get(model) or model._default_manager.first()) is not None:
            urls += [f"{base}{obj.pk}/change/", f"{base}{obj.pk}/delete/", f"{base}{obj.pk}/history/"]
    return sorted(set(urls))


def test_admin_requires_two_factor_on_every_page(organization, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organization=organization, email="a@example.ge", role=Membership.Role.MEMBER, actor=Actor.for_user(admin_user))
    api_key_create(organization=organization, name="portal", scope="read", actor=Actor.for_user(admin_user))
    AuditEntry.objects.create(organization=organization, actor=admin_user, action="x")
    staff = verified_user(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    urls = _admin_urls({})
    assert len(urls) > 40
    answers = {url: client.get(url).status_code for url in urls}
    assert answers == {url: 403 for url in urls}
    page = client.get("/en/admin/municipalities/apikey/")
    assert "/accounts/2fa/totp/activate/" in page.text and "portal" not in page.text
    # A change through the admin is refused as well, and logging out still works.
    assert client.post("/en/admin/municipalities/apikey/", {"action": "revoke", "_selected_action": [1]}).status_code == 403
    assert client.post("/en/admin/logout/").status_code == 200
    enable_totp(staff)
    client.force_login(staff)
    assert client.get("/en/admin/municipalities/apikey/").status_code == 200


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
