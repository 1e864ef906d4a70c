"""Service descriptions through the API: permissions, validation, comparison, CPSV-AP JSON-LD, query counts."""

import pytest

from practices.models import ServiceDescription
from tests.factories import OrganizationFactory

from .library_builders import build_service, check_permission_case
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from .permission_matrix import CONTENT_MATRIX

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

URL = "/api/v1/services/"
PAYLOAD = {
    "title_ka": "მიწის ლეგალიზაცია",
    "identifier": "land-1",
    "category": "land-legalisation",
    "cost_gel": "25.00",
    "processing_time_days": 30,
    "channels": ["online", "in_person"],
    "required_documents": [{"name_ka": "განცხადება"}, {"name_ka": "აზომვითი ნახაზი"}],
}


@pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)
def test_service_permission_matrix(request, role, action, expected, organization):
    draft = build_service(organization, publish=False, identifier="draft-1")
    published = build_service(organization)
    check_permission_case(
        request, role=role, action=action, expected=expected, url=URL, draft=draft, published=published,
        create_payload={"organization": organization.slug, **PAYLOAD},
    )  # fmt: skip


def test_create_returns_documents_and_canonical_channels(editor_client, organization):
    response = editor_client.post(URL, {"organization": organization.slug, **PAYLOAD}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channels"] == ["in_person", "online"]
    assert [row["name_ka"] for row in body["required_documents"]] == ["განცხადება", "აზომვითი ნახაზი"]
    assert body["cost_gel"] == "25.00" and body["category"]["slug"] == "land-legalisation"
    assert body["cpsv_url"].endswith(f"/api/v1/services/{body['id']}/cpsv/")


def test_negative_cost_is_a_field_error_and_nothing_is_saved(editor_client, organization):
    response = editor_client.post(
        URL, {"organization": organization.slug, **PAYLOAD, "cost_gel": "-5"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"cost_gel": ["Ensure this value is greater than or equal to 0."]}
    assert not ServiceDescription.objects.exists()


def test_unknown_channel_is_a_field_error(editor_client, organization):
    response = editor_client.post(
        URL, {"organization": organization.slug, **PAYLOAD, "channels": ["fax"]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"channels": ['"fax" is not a valid choice.']}


def test_category_filter(api_client, organization):
    build_service(organization)
    build_service(organization, category="land-legalisation")
    rows = api_client.get(URL, {"category": "land-legalisation"}).json()["results"]
    assert [row["category"]["slug"] for row in rows] == ["land-legalisation"]


def test_comparison_endpoint(api_client, organization, other_organization, django_assert_max_num_queries):
    build_service(organization, cost="100", days=20, channels=["in_person"])
    build_service(other_organization, cost="30", days=10, channels=["in_person", "online"])
    build_service(OrganizationFactory(slug="gori-test"), cost="50", days=5, channels=["phone"])
    with django_assert_max_num_queries(2):
        response = api_client.get(f"{URL}compare/", {"category": "construction-permit"})
    assert response.status_code == 200
    body = response.json()
    assert body["category"]["slug"] == "construction-permit"
    assert [(row["organization"]["slug"], row["cost_gel"], row["processing_time_days"]) for row in body["services"]] == [
        ("vani-test", "30.00", 10), ("gori-test", "50.00", 5), ("rustavi-test", "100.00", 20),
    ]  # fmt: skip
    assert body["cost_gel"] == {"minimum": "30.00", "median": "50.00", "maximum": "100.00"}
    assert body["processing_time_days"] == {"minimum": 5, "median": 10.0, "maximum": 20}
    assert body["channels"] == {"in_person": 2, "online": 1, "phone": 1}


def test_comparison_needs_a_known_category(api_client):
    missing = api_client.get(f"{URL}compare/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"] == {"category": ["Choose a service category to compare."]}
    unknown = api_client.get(f"{URL}compare/", {"category": "cooking"}, HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.json()["error"]["fields"] == {"category": ["There is no service category “cooking”."]}


def test_cpsv_json_ld(api_client, organization):
    service = build_service(organization, cost="50.00", days=10, channels=["in_person", "online"])
    response = api_client.get(f"{URL}{service.pk}/cpsv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document = response.json()
    assert document["@context"]["cpsv"] == "http://purl.org/vocab/cpsv#"
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert document["@context"]["schema"] == "http://schema.org/"
    assert document["@type"] == "cpsv:PublicService"
    assert document["dct:identifier"] == service.identifier
    assert {"@language": "ka", "@value": "მშენებლობის ნებართვის გაცემა"} in document["dct:title"]
    authority = document["cv:hasCompetentAuthority"]
    assert authority["@type"] == "cv:PublicOrganisation" and authority["@id"].endswith(f"/organizations/{organization.slug}/")
    assert document["cv:hasCost"]["cv:value"] == {"@value": "50.00", "@type": "xsd:decimal"}
    assert document["cv:hasCost"]["cv:currency"] == {"@id": "http://publications.europa.eu/resource/authority/currency/GEL"}
    assert document["cv:processingTime"] == {"@value": "P10D", "@type": "xsd:duration"}
    assert [channel["dct:type"]["skos:notation"] for channel in document["cv:hasChannel"]] == ["in_person", "online"]
    assert len(document["cv:hasInput"]) == 2


def test_cpsv_of_a_draft_is_not_public(api_client, organization):
    draft = build_service(organization, publish=False)
    assert api_client.get(f"{URL}{draft.pk}/cpsv/").status_code == 404


def test_list_queries_do_not_grow_with_page_size(api_client, django_assert_max_num_queries):
    for number in range(2):
        build_service(OrganizationFactory(), identifier=f"s-{number}")
    with django_assert_max_num_queries(10) as small:
        assert api_client.get(URL).json()["count"] == 2
    for number in range(2, 15):
        build_service(OrganizationFactory(), identifier=f"s-{number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api_client.get(URL).json()["results"]) == 15
