"""The security review's findings (review-security.md, competitions): each is refused or hidden now."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competitions.models import (
    Application,
    Assignment,
    Call,
    ConflictDeclaration,
    Score,
)
from competitions.services import (
    application_decide,
    assignment_add,
    assignments_auto,
    call_advance,
    call_create,
    call_results_publish,
    conflict_declare,
    review_save,
)
from hub.errors import NotAllowed
from municipalities.actors import Actor
from municipalities.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_decision_stays_hidden_from_the_applicant_until_the_results_are_published(
    in_review, call, manager_actor, manager, client_for, editor
):
    call_advance(call=call, actor=manager_actor)
    application_decide(application=in_review[0], decision=Application.Decision.WINNER, actor=manager_actor)
    url, page = f"/api/v1/applications/{in_review[0].pk}/", f"/competitions/applications/{in_review[0].pk}/"
    applicant = client_for(editor)
    assert applicant.get(url).json()["decision"] == ""
    assert all(row["decision"] == "" for row in applicant.get("/api/v1/applications/").json()["results"])
    assert 'data-testid="decision"' not in applicant.get(page).content.decode()
    assert client_for(manager).get(url).json()["decision"] == "winner"
    assert 'data-testid="decision"' in client_for(manager).get(page).content.decode()

    call_results_publish(call=call, actor=manager_actor)
    assert applicant.get(url).json()["decision"] == "winner"
    assert 'data-testid="decision"' in applicant.get(page).content.decode()


@pytest.mark.parametrize("change", ["removed", "demoted"])
def test_a_reviewer_whose_role_is_removed_reads_and_writes_nothing(in_review, call, manager_actor, reviewers, client_for, change):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    reviewer = client_for(reviewers[0])
    urls = [f"/api/v1/applications/{in_review[0].pk}/", f"/api/v1/reviews/{assignment.pk}/", f"/api/v1/reviews/{assignment.pk}/others/"]
    assert [reviewer.get(url).status_code for url in urls] == [200, 200, 200]
    memberships = Membership.objects.filter(user=reviewers[0], organization=call.organization)
    memberships.delete() if change == "removed" else memberships.update(role=Membership.Role.MEMBER)

    assert [reviewer.get(url).status_code for url in urls] == [404, 404, 404]
    assert reviewer.get("/api/v1/reviews/").json()["results"] == []
    assert reviewer.get(f"/competitions/reviews/{assignment.pk}/").status_code == 404
    with pytest.raises(NotAllowed):
        review_save(assignment=assignment, scores={}, actor=Actor.for_user(reviewers[0]))


@pytest.mark.parametrize("limit", [100000, 32768, 1001])
def test_a_theme_limit_beyond_the_bound_is_refused_not_a_server_error(client_for, manager, manager_actor, nala, themes, limit):
    now = timezone.now()
    fields = {"edition": "x", "title_ka": "ტ", "opens_at": now, "closes_at": now + datetime.timedelta(days=3)}
    criteria = [{"name_ka": "ა", "weight": 1, "min_score": 0, "max_score": 5}]
    client = client_for(manager)
    client.raise_request_exception = False
    response = client.post(
        "/api/v1/calls/", format="json",
        data={**fields, "opens_at": now.isoformat(), "closes_at": fields["closes_at"].isoformat(),
              "themes": [{"term": themes[0].slug, "limit_per_applicant": limit}], "criteria": criteria},
    )  # fmt: skip
    assert response.status_code == 400
    with pytest.raises(ValidationError) as refused:
        call_create(organization=nala, fields=fields, themes=[{"term": themes[0].slug, "limit_per_applicant": limit}],
                    criteria=criteria, actor=manager_actor)  # fmt: skip
    assert "themes" in refused.value.message_dict
    assert not Call.objects.exists()


def _first_lock(run) -> str:
    with CaptureQueriesContext(connection) as queries:
        run()
    return next(query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"])


def test_conflicts_hand_assignments_and_decisions_take_the_calls_lock_first(in_review, call, manager_actor, reviewers):
    """The lock `assignments_auto` and publishing take: a conflicted reviewer can never end assigned by a concurrent
    auto-assignment, a hand assignment never races one into the unique constraint, a decision never races publishing."""
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    runs = {
        "conflict": lambda: conflict_declare(assignment=assignment, actor=Actor.for_user(reviewers[0])),
        "assign": lambda: assignment_add(application=in_review[1], reviewer=reviewers[1], actor=manager_actor),
    }
    for name, run in runs.items():
        assert _first_lock(run).startswith('SELECT "competitions_call"."id"'), name
    call_advance(call=call, actor=manager_actor)
    decide = _first_lock(lambda: application_decide(application=in_review[1], decision="winner", actor=manager_actor))
    assert decide.startswith('SELECT "competitions_call"."id"')


@pytest.mark.parametrize("conflict", ["declared", "joined the applicant"])
def test_a_conflict_that_arises_after_the_assignment_hides_it_and_auto_assignment_removes_it(
    in_review, call, manager_actor, reviewers, client_for, organization, conflict
):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    if conflict == "declared":
        ConflictDeclaration.objects.create(call=call, reviewer=reviewers[0], organization=organization)
    else:
        MembershipFactory(user=reviewers[0], organization=organization, role=Membership.Role.MEMBER)
    reviewer = client_for(reviewers[0])
    assert reviewer.get(f"/api/v1/reviews/{assignment.pk}/").status_code == 404
    assert reviewer.get(f"/competitions/reviews/{assignment.pk}/").status_code == 404
    assert reviewer.get("/api/v1/reviews/").json()["results"] == []
    if conflict == "declared":  # a member of the applicant reads its application as a member, not as its reviewer
        assert reviewer.get(f"/api/v1/applications/{in_review[0].pk}/").status_code == 404

    assignments_auto(call=call, actor=manager_actor)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert not Assignment.objects.filter(application=in_review[0], reviewer=reviewers[0]).exists()
    assert Assignment.objects.filter(application=in_review[0]).count() == call.reviewers_per_application


def test_a_call_belongs_to_nala_even_for_another_organizations_admin(admin_user, organization, themes):
    now = timezone.now()
    with pytest.raises(NotAllowed):
        call_create(
            organization=organization, actor=Actor.for_user(admin_user),
            fields={"edition": "x", "title_ka": "ტ", "opens_at": now, "closes_at": now + datetime.timedelta(days=3)},
            themes=[{"term": themes[0].slug}], criteria=[{"name_ka": "ა", "weight": 1, "min_score": 0, "max_score": 5}],
        )  # fmt: skip
    assert not Call.objects.exists()


def test_save_and_submit_on_the_review_page_is_one_transaction(in_review, call, manager_actor, reviewers, client_for):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    first = call.criteria.first()
    page = client_for(reviewers[0])
    url = f"/competitions/reviews/{assignment.pk}/"
    response = page.post(url, {f"score_{first.pk}": first.min_score, "comment": "ნახევრად", "submit": "1"})
    assert response.status_code == 400  # the other criteria are not scored: nothing is submitted, nothing is saved
    assert Score.objects.count() == 0
    assignment.refresh_from_db()
    assert assignment.comment == "" and not assignment.is_submitted

    everything = {f"score_{criterion.pk}": criterion.max_score for criterion in call.criteria.all()}
    assert page.post(url, {**everything, "submit": "1"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.is_submitted and Score.objects.filter(assignment=assignment).count() == call.criteria.count()
