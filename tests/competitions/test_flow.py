"""The whole cycle through the services: apply, submit, assign, review, rank, decide, publish → a published practice."""

import pytest
from django.core import mail

from competitions.models import Application, Assignment, Call
from competitions.selectors import call_ranking, practice_award
from competitions.services import (
    application_decide,
    application_submit,
    assignments_auto,
    call_advance,
    call_results_publish,
    review_save,
    review_submit,
)
from municipalities.actors import Actor
from municipalities.audit import AuditAction
from municipalities.models import AuditEntry
from practices.models import ContentStatus, LockKind

pytestmark = pytest.mark.django_db


def test_submit_locks_the_practice_to_the_call_and_sends_a_receipt(
    make_application, applicant_actor, call, django_capture_on_commit_callbacks
):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application=application, actor=applicant_actor)
    practice = application.practice
    practice.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert practice.lock_owner == call.system_name and practice.lock_kind == LockKind.UNDER_REVIEW
    assert len(application.content_sha256) == 64
    assert application.reference.startswith(f"BP-{call.pk}-")
    assert len(mail.outbox) == 1 and application.reference in mail.outbox[0].subject
    assert application.content_sha256 in mail.outbox[0].body
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_SUBMITTED, target_id=str(application.pk)).exists()


def test_full_cycle_ends_with_a_published_winner(in_review, call, manager_actor, reviewers, django_capture_on_commit_callbacks):
    created = assignments_auto(call=call, actor=manager_actor)
    assert len(created) == 3 * call.reviewers_per_application
    criteria = list(call.criteria.all())
    for assignment in Assignment.objects.filter(call=call).select_related("reviewer", "call"):
        actor = Actor.for_user(assignment.reviewer)
        value = 5 if assignment.application_id == in_review[0].pk else 2
        review_save(assignment=assignment, scores={c.pk: {"value": value, "comment": "კარგი"} for c in criteria}, actor=actor)
        review_submit(assignment=assignment, actor=actor)
    ranking = call_ranking(call=call, normalize=True)
    first_theme_rows = ranking.themes[0][1]
    assert first_theme_rows[0].application.pk == in_review[0].pk and first_theme_rows[0].score.rank == 1
    call_advance(call=call, actor=manager_actor)
    application_decide(application=in_review[0], decision=Application.Decision.WINNER, actor=manager_actor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_results_publish(call=call, actor=manager_actor)
    call.refresh_from_db()
    assert call.phase == Call.Phase.RESULTS
    winner = in_review[0].practice
    winner.refresh_from_db()
    assert winner.status == ContentStatus.PUBLISHED and not winner.is_locked
    assert practice_award(practice=winner).pk == in_review[0].pk
    loser = in_review[1].practice
    loser.refresh_from_db()
    assert loser.status == ContentStatus.DRAFT and not loser.is_locked
    assert Application.objects.get(pk=in_review[1].pk).decision == Application.Decision.NOT_SELECTED
    assert len(mail.outbox) == 3
    assert AuditEntry.objects.filter(action=AuditAction.REVIEW_SCORED).count() == 6
    assert AuditEntry.objects.filter(action=AuditAction.CALL_RESULTS_PUBLISHED).count() == 1
