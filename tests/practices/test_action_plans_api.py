"""Action plans through the API: CRUD with the nested tree, progress, values, permissions, query counts."""

from datetime import date
from decimal import Decimal

import pytest

from municipalities.models import AuditEntry
from practices.models import ActionPlan, Indicator
from practices.services.action_plan import indicator_value_record

from .library_builders import build_action_plan, check_permission_case, indicator_row, task_row
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from .permission_matrix import CONTENT_MATRIX
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

URL = "/api/v1/action-plans/"

PAYLOAD = {
    "title_ka": "სამოქმედო გეგმა",
    "period_start": "2020-06-01",
    "period_end": "2021-09-30",
    "goals": [
        {
            "title_ka": "გამჭვირვალობა",
            "tasks": [
                {
                    "title_ka": "ცხელი ხაზი",
                    "starts_on": "2020-09-01",
                    "ends_on": "2020-12-31",
                    "monitoring_frequency": "twice_a_year",
                    "activities": [{"description_ka": "ხაზის დამონტაჟება"}],
                    "indicators": [{"name_ka": "ზარები", "unit": "calls", "baseline": "0", "target": "600"}],
                }
            ],
        }
    ],
}


@pytest.fixture
def draft_plan(organization):
    return build_action_plan(organization, title="დრაფტი")


@pytest.fixture
def published_plan(organization):
    return build_action_plan(organization, publish=True)


@pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)
def test_action_plan_permission_matrix(request, role, action, expected, organization, draft_plan, published_plan):
    check_permission_case(
        request, role=role, action=action, expected=expected, url=URL, draft=draft_plan, published=published_plan,
        create_payload={"organization": organization.slug, **PAYLOAD},
    )  # fmt: skip


def test_create_with_tree_then_read_progress(editor_client, organization):
    response = editor_client.post(URL, {"organization": organization.slug, **PAYLOAD}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["progress"] == 0.0
    [goal] = body["goals"]
    [task] = goal["tasks"]
    assert task["activities"] == [{"description_ka": "ხაზის დამონტაჟება", "description_en": ""}]
    indicator = task["indicators"][0]
    assert (indicator["baseline"], indicator["target"], indicator["latest_value"]) == ("0.00", "600.00", None)

    values = editor_client.post(
        f"{URL}{body['id']}/indicators/{indicator['id']}/values/", {"recorded_at": "2020-12-20", "value": "150"}, format="json"
    )
    assert values.status_code == 201, values.content
    detail = editor_client.get(f"{URL}{body['id']}/").json()
    assert detail["progress"] == 0.25 and detail["goals"][0]["progress"] == 0.25
    assert detail["goals"][0]["tasks"][0]["indicators"][0]["latest_value"] == "150.00"
    assert detail["version"] == body["version"] + 1


def test_non_numeric_target_is_a_field_error_and_nothing_is_saved(editor_client, organization):
    payload = {**PAYLOAD, "organization": organization.slug}
    payload["goals"] = [{**PAYLOAD["goals"][0], "tasks": [{**PAYLOAD["goals"][0]["tasks"][0], "indicators": [
        {"name_ka": "ზარები", "baseline": "0", "target": "ბევრი"}]}]}]  # fmt: skip
    response = editor_client.post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == {"goals": {"0": {"tasks": {"0": {"indicators": {"0": {"target": ["A valid number is required."]}}}}}}}
    assert error["message"] == "The submitted data is not valid: A valid number is required."
    assert not ActionPlan.objects.exists()


def test_target_against_direction_is_a_field_error(editor_client, organization):
    payload = {**PAYLOAD, "organization": organization.slug}
    payload["goals"] = [{"title_ka": "მ", "tasks": [{**PAYLOAD["goals"][0]["tasks"][0], "indicators": [
        {"name_ka": "ზარები", "baseline": "10", "target": "5", "direction": "increase"}]}]}]  # fmt: skip
    response = editor_client.post(URL, payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "goals[0].tasks[0].indicators[0].target": ["For an indicator where higher is better, the target cannot be below the baseline."]
    }
    assert not ActionPlan.objects.exists()


def test_stale_if_match_gets_412_and_overwrites_nothing(editor_client, published_plan):
    etag = editor_client.get(f"{URL}{published_plan.pk}/")["ETag"]
    indicator_value_record(actor=TEST_ACTOR, indicator=Indicator.objects.get(), recorded_at=date(2021, 1, 1), value=Decimal("5"))
    response = editor_client.patch(f"{URL}{published_plan.pk}/", {"title_en": "Mine"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert ActionPlan.objects.get(pk=published_plan.pk).title_en == "Joint action plan"


def test_recording_a_value_needs_the_owners_editor(client_for, other_editor, member, published_plan):
    indicator = Indicator.objects.get()
    url = f"{URL}{published_plan.pk}/indicators/{indicator.pk}/values/"
    assert client_for(member).post(url, {"recorded_at": "2021-01-01", "value": "1"}, format="json").status_code == 403
    assert client_for(other_editor).post(url, {"recorded_at": "2021-01-01", "value": "1"}, format="json").status_code == 403
    assert not indicator.values.exists()
    assert not AuditEntry.objects.filter(action="action_plan.indicator_value_recorded").exists()


def test_indicator_of_another_plan_is_not_found(editor_client, organization, published_plan):
    other = build_action_plan(organization, title="სხვა")
    foreign = Indicator.objects.filter(task__goal__plan=other).get()
    response = editor_client.post(
        f"{URL}{published_plan.pk}/indicators/{foreign.pk}/values/", {"recorded_at": "2021-01-01", "value": "1"}, format="json"
    )
    assert response.status_code == 404


def test_list_filters(api_client, organization, other_organization):
    build_action_plan(organization, publish=True)
    build_action_plan(other_organization, publish=True, title="ვანის გეგმა")
    build_action_plan(organization, title="დრაფტი")
    assert api_client.get(URL).json()["count"] == 2
    rows = api_client.get(URL, {"organization": other_organization.slug}).json()["results"]
    assert [row["title_ka"] for row in rows] == ["ვანის გეგმა"]
    assert api_client.get(URL, {"region": organization.region.slug}).json()["count"] == 1
    assert api_client.get(URL, {"status": "draft"}).json()["count"] == 0
    assert api_client.get(URL, {"updated_after": "2999-01-01T00:00:00Z"}).json()["count"] == 0


def test_by_slug(api_client, organization, published_plan):
    response = api_client.get(f"{URL}by-slug/{organization.slug}/{published_plan.slug}/")
    assert response.status_code == 200 and response.json()["id"] == published_plan.pk


def test_list_queries_do_not_grow_with_page_size(api_client, organization, django_assert_max_num_queries):
    for number in range(3):
        build_action_plan(organization, publish=True, title=f"გეგმა {number}", goals=[{"title_ka": "მ", "tasks": [task_row(), task_row()]}])
    with django_assert_max_num_queries(12) as small:
        assert len(api_client.get(URL).json()["results"]) == 3
    for number in range(3, 15):
        build_action_plan(
            organization, publish=True, title=f"გეგმა {number}",
            goals=[{"title_ka": "მ", "tasks": [task_row(indicators=[indicator_row(), indicator_row()])]}],
        )  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api_client.get(URL).json()["results"]) == 15


def test_csv_export(api_client, published_plan):
    response = api_client.get(f"{URL}export.csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,url,organization") and "ერთობლივი სამოქმედო გეგმა" in lines[1]
