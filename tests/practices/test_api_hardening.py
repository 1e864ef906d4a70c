"""Inputs a fuzzer sends that used to answer 500: each is now a clear 400 (or 413) in the one JSON error format."""

import json
import logging
from datetime import timedelta, timezone

import pytest
from django.test import Client
from django.test.utils import override_settings

from practices.models import ActionPlan, TrainingModule, TrainingSession
from tests.practices.library_builders import build_action_plan, build_training_module

pytestmark = pytest.mark.django_db

PRACTICES = "/api/v1/practices/"


def _error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.json()["error"]


# --- 1. updated_after -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url",
    [PRACTICES, "/api/v1/action-plans/", "/api/v1/training-modules/", "/api/v1/services/",
     "/api/v1/training-sessions/", "/api/v1/adoptions/"],
)  # fmt: skip
def test_an_offset_postgresql_cannot_store_is_read_as_its_instant(api_client, url):
    response = api_client.get(url, {"updated_after": "2020-01-01T00:00:00+16:00"})
    assert response.status_code == 200, response.content[:300]


def test_updated_after_an_offset_is_the_same_instant_in_utc(api_client, published_practice):
    published_practice.refresh_from_db()
    plus_sixteen = timezone(timedelta(hours=16))
    before = (published_practice.updated_at - timedelta(seconds=1)).astimezone(plus_sixteen).isoformat()
    after = (published_practice.updated_at + timedelta(seconds=1)).astimezone(plus_sixteen).isoformat()
    assert api_client.get(PRACTICES, {"updated_after": before}).json()["count"] == 1
    assert api_client.get(PRACTICES, {"updated_after": after}).json()["count"] == 0
    assert api_client.get(PRACTICES, {"updated_after": "2000-01-01T00:00:00+23:59"}).json()["count"] == 1
    assert api_client.get(PRACTICES, {"updated_after": "2999-01-01T00:00:00-16:30"}).json()["count"] == 0


def test_a_naive_date_time_is_refused_not_guessed(api_client):
    response = api_client.get(PRACTICES, {"updated_after": "2020-01-01T00:00:00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response)["fields"] == {
        "updated_after": ["Give the date-time with its UTC offset, e.g. 2025-01-31T09:00:00+04:00 or …Z."]
    }


def test_a_date_time_that_leaves_the_calendar_in_utc_is_refused(api_client):
    response = api_client.get(PRACTICES, {"updated_after": "0001-01-01T00:00:00+05:00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response)["fields"] == {"updated_after": ["This date-time is out of range."]}


def test_detail_actions_and_web_lists_take_the_same_filter(api_client, published_practice):
    odd = {"updated_after": "2020-01-01T00:00:00+16:00"}
    assert api_client.get(f"{PRACTICES}{published_practice.pk}/revisions/", odd).status_code == 200
    assert api_client.get(f"{PRACTICES}{published_practice.pk}/diff/", {**odd, "from": 1, "to": 1}).status_code == 200
    assert Client().get("/en/practices/", odd).status_code == 200


# --- 2. NUL ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url",
    ["/api/v1/organizations/%00/", "/api/v1/themes/%00/", "/api/v1/practices/1%00/"],
)  # fmt: skip
def test_a_nul_in_a_lookup_is_a_400(api_client, url):
    response = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response) == {"status": 400, "code": "invalid", "message": "Null characters are not allowed."}


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/v1/services/compare/?category=%00", "category"), ("/api/v1/training-sessions/totals/?direction=%00", "direction"),
     ("/api/v1/practices/?organization=rus%00tavi", "organization")],
)  # fmt: skip
def test_a_nul_in_a_query_is_a_field_error(api_client, url, field):
    response = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response)["fields"] == {field: ["Null characters are not allowed."]}


def test_a_nul_in_a_web_address_is_a_400():
    assert Client().get("/en/practices/?q=%00").status_code == 400
    assert Client().get("/en/organizations/%00/").status_code == 400


@pytest.mark.parametrize("body", [{"title_ka": "ა\u0000ბ"}, {"title_ka": "აბ", "themes": ["x\u0000"]}, {"title\u0000": "x"}])
def test_a_nul_inside_a_json_body_is_a_400(api_key_for, organization, body):
    client, _key = api_key_for(organization)
    response = client.post(PRACTICES, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response)["message"] == "Null characters are not allowed."


def test_a_nul_inside_a_form_body_is_a_400(api_key_for, organization):
    client, _key = api_key_for(organization)
    response = client.post(PRACTICES, {"title_ka": "ა\u0000ბ"}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response)["message"] == "Null characters are not allowed."


# --- 3. duplicate slugs -------------------------------------------------------------------------------------------

def test_a_duplicate_action_plan_slug_is_a_field_error(api_key_for, organization):
    plan = build_action_plan(organization)
    client, _key = api_key_for(organization)
    response = client.post(
        "/api/v1/action-plans/",
        {"title_ka": "გეგმა", "slug": plan.slug, "period_start": "2020-01-01", "period_end": "2020-12-31"},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400, response.content
    assert _error(response)["fields"] == {"slug": ["Your organization already has an item of this kind at this address (slug)."]}
    assert ActionPlan.objects.count() == 1


def test_a_duplicate_training_module_slug_is_a_field_error(api_key_for, organization):
    module = build_training_module(organization)
    client, _key = api_key_for(organization)
    response = client.post(
        "/api/v1/training-modules/",
        {"title_ka": "მოდული", "slug": module.slug, "direction": "basic-it-skills", "duration_value": 3},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400, response.content
    assert "slug" in _error(response)["fields"]
    assert TrainingModule.objects.count() == 1


# --- 4. values the database's constraints refuse ------------------------------------------------------------------

def test_a_module_lasting_zero_is_a_field_error(api_key_for, organization):
    client, _key = api_key_for(organization)
    response = client.post(
        "/api/v1/training-modules/", {"title_ka": "მოდული", "direction": "basic-it-skills", "duration_value": 0},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert _error(response)["fields"] == {"duration_value": ["Ensure this value is greater than or equal to 1."]}


def test_a_session_for_nobody_is_a_field_error(api_key_for, organization):
    module = build_training_module(organization)
    client, _key = api_key_for(organization)
    response = client.post(
        "/api/v1/training-sessions/",
        {"module": module.pk, "starts_on": "2020-01-01", "ends_on": "2020-01-02", "capacity": 0},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert _error(response)["fields"] == {"capacity": ["Ensure this value is greater than or equal to 1."]}
    assert not TrainingSession.objects.exists()


# --- 5. deep JSON -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [100_000, 40])
def test_deeply_nested_json_is_a_400(api_key_for, organization, depth):
    client, _key = api_key_for(organization)
    body = "[" * depth + "]" * depth
    response = client.post(PRACTICES, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert _error(response)["message"] == "The JSON body is nested too deeply (more than 32 levels)."


# --- 6. the one format for every status, 500 included ---------------------------------------------------------------

def test_an_unexpected_error_in_an_api_view_is_a_json_500_and_logged(api_client, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("selector exploded")

    monkeypatch.setattr("practices.apis.base.content_visible", broken)
    with caplog.at_level(logging.ERROR, logger="hub.api"):
        response = api_client.get(PRACTICES, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert _error(response) == {
        "status": 500, "code": "server_error", "message": "Something went wrong on our side; it has been logged."
    }
    [record] = [record for record in caplog.records if record.name == "hub.api"]
    assert record.exc_info and "selector exploded" in str(record.exc_info[1])


def test_an_unknown_api_address_is_a_json_404():
    response = Client().get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert _error(response) == {"status": 404, "code": "not_found", "message": "Not found."}


def test_an_error_outside_the_views_is_a_json_500_under_the_api(monkeypatch):
    def broken(self, request):
        raise RuntimeError("middleware exploded")

    monkeypatch.setattr("hub.middleware.ApiLanguageMiddleware.__call__", broken)
    client = Client(raise_request_exception=False)
    response = client.get(PRACTICES)
    assert response.status_code == 500
    assert _error(response)["code"] == "server_error"
    assert "text/html" in client.get("/en/").get("Content-Type", "")


# --- request body cap ----------------------------------------------------------------------------------------------

@override_settings(MAX_REQUEST_BYTES=1000)
def test_a_body_over_the_cap_is_refused_before_it_is_read(api_key_for, organization):
    client, _key = api_key_for(organization)
    response = client.post(PRACTICES, json.dumps({"title_ka": "x" * 2000}), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert _error(response)["code"] == "request_too_large"
