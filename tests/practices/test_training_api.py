"""Training modules and sessions through the API: permissions, filters, capacity, totals, query counts."""

from datetime import date

import pytest

from municipalities.models import ApiKey, AuditEntry
from practices.models import TrainingModule, TrainingSession
from practices.services.training import training_session_create
from tests.factories import OrganizationFactory

from .library_builders import build_training_module, check_permission_case
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from .permission_matrix import CONTENT_MATRIX
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

MODULES = "/api/v1/training-modules/"
SESSIONS = "/api/v1/training-sessions/"
SESSION_FIELDS = {"starts_on": date(2015, 10, 5), "ends_on": date(2015, 10, 16), "capacity": 40}


@pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)
def test_training_module_permission_matrix(request, role, action, expected, organization):
    draft = build_training_module(organization, publish=False, title="დრაფტი")
    published = build_training_module(organization)
    check_permission_case(
        request, role=role, action=action, expected=expected, url=MODULES, draft=draft, published=published,
        create_payload={"organization": organization.slug, "title_ka": "მმს", "direction": "municipal-management-system", "duration_value": 10},
    )  # fmt: skip


def test_module_create_with_provider_and_filters(editor_client, organization, api_client):
    provider = OrganizationFactory(slug="justice-training-centre-test", kind="training_provider", region=None, municipality_kind="")
    response = editor_client.post(
        MODULES,
        {"organization": organization.slug, "title_ka": "დოკუმენტბრუნვა", "direction": "electronic-document-flow",
         "duration_value": 5, "provider": provider.slug, "format": "blended"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["provider"]["slug"] == provider.slug and body["organization"]["slug"] == organization.slug
    assert body["direction"]["slug"] == "electronic-document-flow"
    editor_client.post(f"{MODULES}{body['id']}/publish/")
    build_training_module(organization)
    assert api_client.get(MODULES, {"direction": "electronic-document-flow"}).json()["count"] == 1
    assert api_client.get(MODULES, {"provider": provider.slug}).json()["count"] == 1
    assert api_client.get(MODULES, {"delivery": "in_person"}).json()["count"] == 1


def test_module_with_unknown_direction_is_a_field_error(editor_client, organization):
    response = editor_client.post(
        MODULES, {"organization": organization.slug, "title_ka": "x", "direction": "cooking", "duration_value": 1},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"direction": ["Object with slug=cooking does not exist."]}
    assert not TrainingModule.objects.exists()


def test_session_create_by_host_editor(editor_client, organization, other_organization):
    module = build_training_module(other_organization)
    response = editor_client.post(
        SESSIONS,
        {"organization": organization.slug, "module": module.pk, "starts_on": "2015-10-05", "ends_on": "2015-10-16",
         "capacity": 40, "trainers": "იუსტიციის სასწავლო ცენტრი",
         "participations": [{"organization": organization.slug, "count": 30}, {"organization": other_organization.slug, "count": 5}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organization"]["slug"] == organization.slug and body["participant_count"] == 35
    assert AuditEntry.objects.filter(action="training_session.created", organization=organization).exists()


def test_session_over_capacity_is_rejected(editor_client, organization):
    module = build_training_module(organization)
    response = editor_client.post(
        SESSIONS,
        {"organization": organization.slug, "module": module.pk, "starts_on": "2015-10-05", "ends_on": "2015-10-16",
         "capacity": 20, "participations": [{"organization": organization.slug, "count": 21}]},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"participations": ["21 participants exceed the session's capacity of 20."]}
    assert not TrainingSession.objects.exists()


def test_session_writes_need_the_hosts_editor(client_for, member, other_editor, api_key_for, organization):
    module = build_training_module(organization)
    session = training_session_create(actor=TEST_ACTOR, organization=organization, module=module, fields=SESSION_FIELDS)
    url = f"{SESSIONS}{session.pk}/"
    assert client_for(member).patch(url, {"capacity": 30}, format="json").status_code == 403
    assert client_for(other_editor).patch(url, {"capacity": 30}, format="json").status_code == 403
    assert client_for(other_editor).delete(url).status_code == 403
    read_key = api_key_for(organization, ApiKey.Scope.READ)[0]
    assert read_key.patch(url, {"capacity": 30}, format="json").status_code == 403
    write_key = api_key_for(organization, ApiKey.Scope.WRITE)[0]
    assert write_key.patch(url, {"capacity": 30}, format="json").status_code == 200
    assert TrainingSession.objects.get(pk=session.pk).capacity == 30
    assert write_key.delete(url).status_code == 204


def test_session_create_needs_the_hosts_editor(client_for, other_editor, organization):
    module = build_training_module(organization)
    response = client_for(other_editor).post(
        SESSIONS, {"organization": organization.slug, "module": module.pk, "starts_on": "2015-10-05", "ends_on": "2015-10-06", "capacity": 5},
        format="json",
    )  # fmt: skip
    assert response.status_code == 403
    assert not TrainingSession.objects.exists()


def test_session_filters(api_client, organization, other_organization):
    module = build_training_module(organization)
    training_session_create(actor=TEST_ACTOR, organization=organization, module=module, fields=SESSION_FIELDS,
                            participations=[{"organization": other_organization, "count": 3}])  # fmt: skip
    training_session_create(actor=TEST_ACTOR, organization=other_organization, module=module, fields={**SESSION_FIELDS, "starts_on": date(2015, 9, 1)})
    assert api_client.get(SESSIONS).json()["count"] == 2
    assert api_client.get(SESSIONS, {"organization": other_organization.slug}).json()["count"] == 1
    assert api_client.get(SESSIONS, {"participant": other_organization.slug}).json()["count"] == 1
    assert api_client.get(SESSIONS, {"starts_after": "2015-10-01"}).json()["count"] == 1
    assert api_client.get(SESSIONS, {"direction": "basic-it-skills", "module": module.pk}).json()["count"] == 2


def test_session_list_queries_do_not_grow_with_page_size(api_client, organization, django_assert_max_num_queries):
    module = build_training_module(organization)
    hosts = [OrganizationFactory() for _ in range(4)]

    def add_sessions(count: int) -> None:
        for _ in range(count):
            training_session_create(actor=TEST_ACTOR, organization=hosts[0], module=module, fields=SESSION_FIELDS,
                                    participations=[{"organization": host, "count": 2} for host in hosts])  # fmt: skip

    add_sessions(2)
    with django_assert_max_num_queries(10) as small:
        assert len(api_client.get(SESSIONS).json()["results"]) == 2
    add_sessions(13)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api_client.get(SESSIONS).json()["results"]) == 15


def test_module_list_queries_do_not_grow_with_page_size(api_client, organization, django_assert_max_num_queries):
    for number in range(2):
        build_training_module(organization, title=f"მოდული {number}", provider=OrganizationFactory())
    with django_assert_max_num_queries(10) as small:
        assert api_client.get(MODULES).json()["count"] == 2
    for number in range(2, 15):
        build_training_module(organization, title=f"მოდული {number}", provider=OrganizationFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api_client.get(MODULES).json()["results"]) == 15


def test_totals_endpoint(api_client, organization, other_organization):
    module = build_training_module(organization)
    training_session_create(actor=TEST_ACTOR, organization=organization, module=module, fields=SESSION_FIELDS,
                            participations=[{"organization": organization, "count": 25}, {"organization": other_organization, "count": 10}])  # fmt: skip
    response = api_client.get(f"{SESSIONS}totals/")
    assert response.status_code == 200
    body = response.json()
    assert [(row["slug"], row["trained"], row["sessions"]) for row in body["by_organization"]] == [
        ("rustavi-test", 25, 1), ("vani-test", 10, 1),
    ]  # fmt: skip
    assert [(row["slug"], row["trained"]) for row in body["by_direction"]] == [("basic-it-skills", 35)]
    assert api_client.get(f"{SESSIONS}totals/", {"direction": "municipal-management-system"}).json()["by_organization"] == []
    unknown = api_client.get(f"{SESSIONS}totals/", {"direction": "cooking"}, HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"] == {"direction": ["There is no training direction “cooking”."]}
