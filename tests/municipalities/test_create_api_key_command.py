from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from municipalities.models import ApiKey, AuditEntry, hash_secret

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_the_key_once_and_stores_its_hash():
    out, err = run("--org", "rustavi", "--name", "municipal portal", "--scope", "write")
    secret = out.strip()
    api_key = ApiKey.objects.get()
    assert api_key.key_hash == hash_secret(secret)
    assert (api_key.organization.slug, api_key.name, api_key.scope) == ("rustavi", "municipal portal", "write")
    assert secret not in err and "shown only now" in err
    assert AuditEntry.objects.get().action == "api_key.created"


def test_the_printed_key_authenticates(client):
    secret = run("--org", "vani", "--name", "portal", "--scope", "read")[0].strip()
    response = client.get("/api/v1/organizations/vani/members/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "atlantis", "--name", "x", "--scope", "read"], "No organization has the slug 'atlantis'."),
        (["--org", "rustavi", "--name", "x", "--scope", "admin"], "Unknown scope 'admin': use read or write."),
        (["--org", "rustavi", "--name", "  ", "--scope", "read"], "The name must have between 1 and 100 characters."),
    ],
)
def test_bad_arguments_are_clear_errors(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message
    assert not ApiKey.objects.exists()
