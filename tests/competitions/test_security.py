"""The security review's findings (review-security.md, competitions): each is refused or hidden now."""

import pytest

from competitions.models import Application
from competitions.services import application_decide, call_advance, call_results_publish

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
