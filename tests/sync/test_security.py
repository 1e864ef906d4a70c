"""Security fixes: what an organization admin may point a source at, and what hostile portals may send."""

import pytest
from django.core.exceptions import ValidationError

from sync.models import Source
from sync.services import source_create, source_update
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


def test_a_credentials_setting_must_be_on_the_operators_allow_list(client_for, admin_user, organization, settings):
    settings.SYNC_CREDENTIAL_SETTINGS = ["VANI_PORTAL_CREDENTIALS"]
    settings.VANI_PORTAL_CREDENTIALS = "robot:from-settings"
    client = client_for(admin_user)
    for name in ("SECRET_KEY", "DATABASES", "SYNC_CREDENTIALS_KEY", "EMAIL_HOST_PASSWORD"):
        response = client.post(
            f"/api/v1/sync/sources/?organization={organization.slug}",
            data={"name": f"evil {name}", "connector": "hub", "url": "https://attacker.example/", "credential_setting": name},
            format="json", HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400, response.content
        assert "credential_setting" in response.content.decode()
    assert not Source.objects.filter(name__startswith="evil").exists()
    with pytest.raises(ValidationError) as refused:
        source_create(organization=organization, actor=TEST_ACTOR, name="evil", connector="hub", url="https://attacker.example/", credential_setting="SECRET_KEY")
    assert "credential_setting" in refused.value.message_dict

    source = source_create(organization=organization, actor=TEST_ACTOR, name="vani", connector="hub", url="https://vani.example.ge/", credential_setting="VANI_PORTAL_CREDENTIALS")
    assert source.credentials() == ("robot", "from-settings")
    with pytest.raises(ValidationError):
        source_update(source=source, actor=TEST_ACTOR, credential_setting="SECRET_KEY")
    # A row written before the allow-list (or after an operator shrank it) sends nothing.
    Source.objects.filter(pk=source.pk).update(credential_setting="SECRET_KEY")
    assert Source.objects.get(pk=source.pk).credentials() is None


def test_no_setting_is_allowed_by_default(organization):
    with pytest.raises(ValidationError) as refused:
        source_create(organization=organization, actor=TEST_ACTOR, name="x", connector="hub", url="https://vani.example.ge/", credential_setting="DEBUG")
    assert "credential_setting" in refused.value.message_dict
