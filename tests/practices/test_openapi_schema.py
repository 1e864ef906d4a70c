"""The OpenAPI schema says what the API answers: shapes, nullability, media types and every error status."""

import json

import jsonschema
import pytest

from tests.factories import OrganizationFactory

from .library_builders import build_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client) -> dict:
    return api_client.get("/api/schema/", {"format": "json"}).json()


def _ok_schema(schema: dict, path: str, method: str = "get", media_type: str = "application/json") -> dict:
    return schema["paths"][path][method]["responses"]["200"]["content"][media_type]["schema"]


@pytest.mark.parametrize("action", ["attachments", "revisions", "diff"])
def test_attachment_revision_and_diff_lists_are_documented_as_the_arrays_they_are(api_client, schema, published_practice, action):
    assert _ok_schema(schema, f"/api/v1/practices/{{id}}/{action}/")["type"] == "array"
    params = {"from": 1, "to": 1} if action == "diff" else {}
    assert isinstance(api_client.get(f"/api/v1/practices/{published_practice.pk}/{action}/", params).json(), list)


def test_the_region_of_an_organization_and_the_provider_of_a_module_can_be_null(schema, api_client, organization):
    assert schema["components"]["schemas"]["OrganizationRef"]["properties"]["region"]["nullable"] is True
    assert schema["components"]["schemas"]["TrainingModuleOutput"]["properties"]["provider"]["nullable"] is True
    organization.region = None
    organization.save()
    service = build_service(organization)
    assert api_client.get(f"/api/v1/services/{service.pk}/").json()["organization"]["region"] is None


def test_cpsv_documents_both_media_types_it_answers(schema, api_client, organization):
    service = build_service(organization)
    content = schema["paths"]["/api/v1/services/{id}/cpsv/"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/ld+json", "application/json"}
    for accept in content:
        response = api_client.get(f"/api/v1/services/{service.pk}/cpsv/", HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"].startswith(accept)


def test_every_operation_documents_its_error_statuses_with_the_error_body(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"400", "401", "403", "404", "429"} <= set(responses), (method, path)
            if any(parameter["name"] == "If-Match" for parameter in operation.get("parameters", [])):
                assert "412" in responses, (method, path)
            assert responses["429"]["headers"]["Retry-After"]
            assert responses["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_real_error_bodies_match_the_documented_error_schema(schema, api_client, api_key_for, organization, published_practice):
    error_schema = schema["components"]["schemas"]["Error"]
    client, _key = api_key_for(organization)
    answers = [
        api_client.get("/api/v1/practices/", {"updated_after": "yesterday"}),  # 400 with fields
        api_client.get("/api/v1/practices/", HTTP_AUTHORIZATION="Bearer nope"),  # 401
        api_client.post("/api/v1/practices/", {}, format="json"),  # 401/403
        api_client.get("/api/v1/practices/999999/"),  # 404
        client.patch(f"/api/v1/practices/{published_practice.pk}/", {"title_en": "x"}, format="json", HTTP_IF_MATCH='"0.0"'),  # 412
    ]
    assert [answer.status_code for answer in answers] == [400, 401, 401, 404, 412]
    for answer in answers:
        jsonschema.validate(answer.json(), error_schema)


@pytest.mark.parametrize("collection", ["practices", "action-plans", "training-modules", "services", "adoptions"])
def test_json_exports_are_documented_as_the_whole_array_they_stream(schema, api_client, published_practice, collection):
    assert _ok_schema(schema, f"/api/v1/{collection}/export.{{fmt}}")["type"] == "array"
    assert isinstance(json.loads(b"".join(api_client.get(f"/api/v1/{collection}/export.json").streaming_content)), list)


def test_an_organization_without_a_region_is_documented(schema, api_client):
    assert schema["components"]["schemas"]["Organization"]["properties"]["region"]["nullable"] is True
    OrganizationFactory(slug="agency-test", kind="agency", region=None, municipality_kind="")
    agencies = api_client.get("/api/v1/organizations/", {"kind": "agency"}).json()["results"]
    assert agencies and {agency["region"] for agency in agencies} == {None}


def test_errors_of_json_ld_views_are_documented_in_json_ld_too(schema, api_client):
    content = schema["paths"]["/api/v1/catalog/"]["get"]["responses"]["404"]["content"]
    assert set(content) == {"application/json", "application/ld+json"}
    response = api_client.get("/api/v1/catalog/", {"format": "nope"})
    assert response.status_code == 404 and response["Content-Type"].split(";")[0] in content
