"""The API for every role and phase: a permission matrix, the OpenAPI-documented writes, bounded queries on lists."""

import pytest
from rest_framework.test import APIClient

from competitions.models import Application, Assignment, Call, ConflictDeclaration
from competitions.services import assignment_add, call_advance
from municipalities.actors import Actor
from municipalities.models import Membership

from .conftest import ACTIVITIES, COMPLETE, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(in_review, call, manager, reviewers, editor, other_organization, manager_actor, nala, organization):
    """Each role of the matrix as a signed-in client; reviewer 0 is assigned to application 0, reviewer 2 conflicted."""
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    ConflictDeclaration.objects.create(call=call, reviewer=reviewers[2], organization=organization)

    def client(user) -> APIClient:
        api = APIClient()
        if user is not None:
            api.force_login(user)
        return api

    users = {
        "applicant": editor,
        "other_municipality": person(other_organization, Membership.Role.EDITOR, mfa=False),
        "reviewer_assigned": reviewers[0],
        "reviewer_unassigned": reviewers[1],
        "reviewer_conflicted": reviewers[2],
        "manager": manager,
        "reviewer_without_mfa": person(nala, Membership.Role.REVIEWER, mfa=False),
        "anonymous": None,
    }
    return {name: client(user) for name, user in users.items()}, in_review[0], assignment


def _statuses(clients, method, url, data=None):
    return {name: getattr(api, method)(url, data, format="json").status_code for name, api in clients.items()}


def test_calls_are_public_and_the_ranking_is_the_managers(cast, call):
    clients, _application, _assignment = cast
    assert set(_statuses(clients, "get", "/api/v1/calls/").values()) == {200}
    assert _statuses(clients, "get", f"/api/v1/calls/{call.pk}/ranking/") == {
        "applicant": 403, "other_municipality": 403, "reviewer_assigned": 403, "reviewer_unassigned": 403,
        "reviewer_conflicted": 403, "manager": 200, "reviewer_without_mfa": 403, "anonymous": 401,
    }  # fmt: skip


def test_reading_an_application_in_review(cast):
    clients, application, _assignment = cast
    assert _statuses(clients, "get", f"/api/v1/applications/{application.pk}/") == {
        "applicant": 200, "other_municipality": 404, "reviewer_assigned": 200, "reviewer_unassigned": 404,
        "reviewer_conflicted": 404, "manager": 200, "reviewer_without_mfa": 404, "anonymous": 404,
    }  # fmt: skip


def test_changing_an_application_after_the_deadline(cast):
    clients, application, _assignment = cast
    statuses = _statuses(clients, "patch", f"/api/v1/applications/{application.pk}/", {"results_ka": "შეცვლილი"})
    assert statuses == {
        "applicant": 409, "other_municipality": 404, "reviewer_assigned": 403, "reviewer_unassigned": 404,
        "reviewer_conflicted": 404, "manager": 403, "reviewer_without_mfa": 404, "anonymous": 401,
    }  # fmt: skip
    application.practice.refresh_from_db()
    assert application.practice.results_ka == COMPLETE["results_ka"]


def test_reading_and_scoring_a_review(cast, call):
    clients, _application, assignment = cast
    assert _statuses(clients, "get", f"/api/v1/reviews/{assignment.pk}/") == {
        "applicant": 404, "other_municipality": 404, "reviewer_assigned": 200, "reviewer_unassigned": 404,
        "reviewer_conflicted": 404, "manager": 200, "reviewer_without_mfa": 404, "anonymous": 404,
    }  # fmt: skip
    criterion = call.criteria.first()
    body = {"scores": [{"criterion": criterion.pk, "value": 4, "comment": "კარგია"}]}
    assert _statuses(clients, "patch", f"/api/v1/reviews/{assignment.pk}/", body) == {
        "applicant": 404, "other_municipality": 404, "reviewer_assigned": 200, "reviewer_unassigned": 404,
        "reviewer_conflicted": 404, "manager": 403, "reviewer_without_mfa": 404, "anonymous": 401,
    }  # fmt: skip
    call_advance(call=Call.objects.get(pk=call.pk), actor=Actor.for_user(Membership.objects.get(
        organization=call.organization, role=Membership.Role.COMPETITION_MANAGER).user))  # fmt: skip
    response = clients["reviewer_assigned"].patch(f"/api/v1/reviews/{assignment.pk}/", body, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


def test_manager_actions_are_refused_to_everyone_else(cast, call):
    clients, application, _assignment = cast
    statuses = _statuses(clients, "post", f"/api/v1/calls/{call.pk}/assign/")
    assert statuses.pop("manager") == 201
    assert set(statuses.values()) == {403, 401}
    assert Assignment.objects.filter(application=application).count() == call.reviewers_per_application


def test_a_reviewer_without_two_factor_authentication_is_told_to_set_it_up(cast, reviewers, call):
    clients, _application, assignment = cast
    unsecured = person(call.organization, Membership.Role.REVIEWER, mfa=False)
    Assignment.objects.filter(pk=assignment.pk).update(reviewer=unsecured)
    api = APIClient()
    api.force_login(unsecured)
    assert api.get(f"/api/v1/reviews/{assignment.pk}/").status_code == 404
    response = api.post(f"/api/v1/reviews/{assignment.pk}/submit/")
    assert response.status_code == 404


def test_apply_autosave_and_submit_over_the_api(call, editor_client, organization, django_capture_on_commit_callbacks):
    theme = call.themes.first()
    response = editor_client.post(
        "/api/v1/applications/",
        {"call": call.pk, "organization": organization.slug, "theme": theme.pk, "title_ka": "ერთი ფანჯარა", **COMPLETE},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    version = body["content"]["version"]
    problems = editor_client.get(f"/api/v1/applications/{body['id']}/problems/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert problems == {"ready": False, "sections": {"section_7": ["Add at least one row to the activity plan."]}}
    saved = editor_client.patch(
        f"/api/v1/applications/{body['id']}/", {"activities": ACTIVITIES, "version": version}, format="json"
    )
    assert saved.status_code == 200
    stale = editor_client.patch(f"/api/v1/applications/{body['id']}/", {"results_ka": "x", "version": version}, format="json")
    assert stale.status_code == 412
    with django_capture_on_commit_callbacks(execute=True):
        submitted = editor_client.post(f"/api/v1/applications/{body['id']}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert len(submitted.json()["content_sha256"]) == 64
    again = editor_client.post(f"/api/v1/applications/{body['id']}/submit/")
    assert again.status_code == 409


def test_applying_for_another_municipality_is_refused(call, editor_client, other_organization):
    response = editor_client.post(
        "/api/v1/applications/",
        {"call": call.pk, "organization": other_organization.slug, "theme": call.themes.first().pk, "title_ka": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_a_manager_creates_a_call(client_for, manager, themes):
    response = client_for(manager).post(
        "/api/v1/calls/",
        {"edition": "2026", "title_ka": "ახალი კონკურსი", "opens_at": "2026-09-15T00:00:00+04:00",
         "closes_at": "2026-11-30T23:59:59+04:00", "themes": [{"term": themes[0].slug, "limit_per_applicant": 2}],
         "criteria": [{"name_ka": "ინოვაცია", "weight": "1.5", "min_score": 0, "max_score": 10}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["themes"][0]["limit_per_applicant"] == 2
    bad = client_for(manager).post(
        "/api/v1/calls/",
        {"edition": "2026", "title_ka": "x", "opens_at": "2026-09-15T00:00:00+04:00", "closes_at": "2026-09-01T00:00:00+04:00",
         "themes": [{"term": themes[0].slug}], "criteria": [{"name_ka": "ა"}]},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and "closes_at" in bad.json()["error"]["fields"]


def test_lists_take_a_bounded_number_of_queries(cast, django_assert_max_num_queries, call, make_application):
    clients, _application, _assignment = cast
    with django_assert_max_num_queries(12):
        assert clients["manager"].get("/api/v1/applications/").status_code == 200
    with django_assert_max_num_queries(12):
        assert clients["manager"].get("/api/v1/reviews/").status_code == 200
    with django_assert_max_num_queries(6):
        assert clients["anonymous"].get("/api/v1/calls/").status_code == 200


def test_a_draft_is_the_applicants_only(make_application, client_for, editor, manager, reviewers, other_organization, member):
    draft = make_application()
    url = f"/api/v1/applications/{draft.pk}/"
    readers = {
        "applicant": editor, "member_of_applicant": member, "manager": manager, "reviewer": reviewers[0],
        "other_municipality": person(other_organization, Membership.Role.EDITOR, mfa=False),
    }  # fmt: skip
    assert {name: client_for(user).get(url).status_code for name, user in readers.items()} == {
        "applicant": 200, "member_of_applicant": 200, "manager": 404, "reviewer": 404, "other_municipality": 404,
    }  # fmt: skip
    submits = {name: client_for(user).post(f"{url}submit/").status_code for name, user in readers.items() if name != "applicant"}
    assert submits == {"member_of_applicant": 403, "manager": 404, "reviewer": 404, "other_municipality": 404}
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


@pytest.mark.parametrize("visible_after_own", [True, False])
def test_reviewers_see_the_others_reviews_only_after_their_own(in_review, call, manager_actor, reviewers, client_for, visible_after_own):
    call.reviews_visible_after_own = visible_after_own
    call.save()
    mine, theirs = (assignment_add(application=in_review[0], reviewer=r, actor=manager_actor) for r in reviewers[:2])
    scores = [{"criterion": c.pk, "value": 3} for c in call.criteria.all()]
    me, other = client_for(reviewers[0]), client_for(reviewers[1])
    assert other.patch(f"/api/v1/reviews/{theirs.pk}/", {"scores": scores}, format="json").status_code == 200
    assert other.post(f"/api/v1/reviews/{theirs.pk}/submit/").status_code == 200
    assert me.get(f"/api/v1/reviews/{mine.pk}/others/").json() == []
    assert me.get(f"/api/v1/reviews/{theirs.pk}/").status_code == 404
    me.patch(f"/api/v1/reviews/{mine.pk}/", {"scores": scores}, format="json")
    assert me.post(f"/api/v1/reviews/{mine.pk}/submit/").status_code == 200
    others = me.get(f"/api/v1/reviews/{mine.pk}/others/").json()
    assert [row["id"] for row in others] == ([theirs.pk] if visible_after_own else [])
