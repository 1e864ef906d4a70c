"""A permission matrix any content type's tests can run: roles × actions → expected HTTP status.

Roles are relative to the item's owner (the `organization` fixture):
member / editor / admin of the owner, an editor of another organization,
a NALA administrator, anonymous, and the owner's read and write API keys.

Use it with `pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)`,
`client_for_role(role, request)` and `perform(action, client, ...)`; see
tests/practices/test_permissions.py.
"""

from rest_framework.test import APIClient

from municipalities.models import ApiKey

ROLES = ["anonymous", "member", "editor", "admin", "other_editor", "nala_admin", "read_key", "write_key"]
WRITE_ACTIONS = {"update", "publish", "archive", "delete"}

_OWNER_WRITE = {"anonymous": 401, "member": 403, "editor": 200, "admin": 200, "other_editor": 403,
                "nala_admin": 403, "read_key": 403, "write_key": 200}  # fmt: skip
_EXPECTED = {
    "list": dict.fromkeys(ROLES, 200),
    "detail_published": dict.fromkeys(ROLES, 200),
    # Drafts exist only for the owner's members and keys; to anyone else they are not found.
    "detail_draft": {"anonymous": 404, "member": 200, "editor": 200, "admin": 200, "other_editor": 404,
                     "nala_admin": 404, "read_key": 200, "write_key": 200},  # fmt: skip
    "create": {**_OWNER_WRITE, "editor": 201, "admin": 201, "write_key": 201},
    "update": _OWNER_WRITE,
    "publish": _OWNER_WRITE,
    # NALA administrators archive anyone's item: moderation.
    "archive": {**_OWNER_WRITE, "nala_admin": 200},
    "delete": {**_OWNER_WRITE, "editor": 204, "admin": 204, "write_key": 204},
}
CONTENT_MATRIX = [(role, action, _EXPECTED[action][role]) for action in _EXPECTED for role in ROLES]

_USER_FIXTURES = {"member": "member", "editor": "editor", "admin": "admin_user", "other_editor": "other_editor", "nala_admin": "nala_admin"}


def client_for_role(role: str, request) -> APIClient:
    """An API client acting as `role` towards the `organization` fixture."""
    if role == "anonymous":
        return APIClient()
    if role in ("read_key", "write_key"):
        scope = ApiKey.Scope.READ if role == "read_key" else ApiKey.Scope.WRITE
        return request.getfixturevalue("api_key_for")(request.getfixturevalue("organization"), scope)[0]
    user = request.getfixturevalue(_USER_FIXTURES[role])
    return request.getfixturevalue("client_for")(user)


def perform(action: str, client: APIClient, *, collection_url: str, draft, published, create_payload: dict, update_payload: dict):
    """Run one matrix action; writes target the published item so visibility does not mask permissions."""
    if action == "list":
        return client.get(collection_url)
    if action == "detail_published":
        return client.get(f"{collection_url}{published.pk}/")
    if action == "detail_draft":
        return client.get(f"{collection_url}{draft.pk}/")
    if action == "create":
        return client.post(collection_url, create_payload, format="json")
    if action == "update":
        return client.patch(f"{collection_url}{published.pk}/", update_payload, format="json")
    if action in ("publish", "archive"):
        return client.post(f"{collection_url}{published.pk}/{action}/")
    if action == "delete":
        return client.delete(f"{collection_url}{published.pk}/")
    raise ValueError(action)


def assert_unchanged_when_refused(action: str, response, item) -> None:
    """A refused write leaves the item exactly as it was (same version, still there)."""
    if action in WRITE_ACTIONS and response.status_code >= 400:
        before = item.version
        item.refresh_from_db()
        assert item.version == before
