"""Every bad input of the issue is refused with a clear message and changes nothing; the deadline to the second."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from competitions.models import Application, Assignment, ConflictDeclaration, Score
from competitions.services import (
    application_attachment_add,
    application_submit,
    application_update,
    application_withdraw,
    assignment_add,
    assignments_auto,
    conflict_declare,
    review_save,
    review_submit,
)
from hub.errors import Conflict, ContentLocked, DeadlinePassed, NotAllowed
from municipalities.actors import Actor
from municipalities.audit import AuditAction
from municipalities.models import AuditEntry, Membership
from practices.services.practice import practice_update

from .conftest import CRITERIA, person

pytestmark = pytest.mark.django_db
TBILISI = ZoneInfo("Asia/Tbilisi")
# The seed's call: 15 September – 30 November 2025, closing at midnight in Tbilisi.
OPENS = datetime.datetime(2025, 9, 15, 0, 0, tzinfo=TBILISI)
CLOSES = datetime.datetime(2025, 12, 1, 0, 0, tzinfo=TBILISI)


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are asserted as written in the source; Georgian ones are the catalogue's (test_translations).
    with translation.override("en"):
        yield


def _audit(action) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def seed_call(make_call):
    with time_machine.travel(datetime.datetime(2025, 10, 1, tzinfo=TBILISI), tick=False):
        return make_call(opens=OPENS, closes=CLOSES)


@pytest.fixture
def seed_draft(seed_call, make_application):
    with time_machine.travel(datetime.datetime(2025, 10, 1, tzinfo=TBILISI), tick=False):
        return make_application(on=seed_call)


def test_one_second_before_the_deadline_in_tbilisi_is_accepted(seed_draft, applicant_actor):
    with time_machine.travel(CLOSES - datetime.timedelta(seconds=1), tick=False):
        application = application_submit(application=seed_draft, actor=applicant_actor)
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at.astimezone(TBILISI).strftime("%d.%m.%Y %H:%M:%S") == "30.11.2025 23:59:59"


@pytest.mark.parametrize("late", [datetime.timedelta(0), datetime.timedelta(seconds=1)], ids=["at-the-deadline", "one-second-after"])
def test_at_or_after_the_deadline_is_refused_and_nothing_changes(seed_draft, applicant_actor, late):
    with time_machine.travel(CLOSES + late, tick=False), pytest.raises(DeadlinePassed) as refused:
        application_submit(application=seed_draft, actor=applicant_actor)
    assert "01.12.2025 00:00:00 (Tbilisi time)" in str(refused.value)
    seed_draft.refresh_from_db()
    seed_draft.practice.refresh_from_db()
    assert seed_draft.status == Application.Status.DRAFT and seed_draft.submitted_at is None
    assert not seed_draft.practice.is_locked
    assert _audit(AuditAction.APPLICATION_SUBMITTED) == 0


def test_edits_are_refused_after_the_deadline(seed_draft, applicant_actor):
    version = seed_draft.practice.version
    with time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False), pytest.raises(DeadlinePassed):
        application_update(application=seed_draft, actor=applicant_actor, results_ka="ახალი")
    seed_draft.practice.refresh_from_db()
    assert seed_draft.practice.version == version and seed_draft.practice.results_ka != "ახალი"


def test_a_missing_required_section_is_named_and_nothing_is_submitted(make_application, applicant_actor):
    application = make_application(results_ka="", council_role_ka="")
    with pytest.raises(ValidationError) as refused:
        application_submit(application=application, actor=applicant_actor)
    assert set(refused.value.message_dict) == {"section_8", "section_10"}
    assert "results achieved and positive impact" in refused.value.message_dict["section_8"][0]
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT and not application.practice.is_locked


def test_an_over_long_short_description_is_refused(call, make_application, applicant_actor):
    limit = call.short_description_word_limit
    application = make_application(short_description_ka=" ".join(["სიტყვა"] * limit))
    with pytest.raises(ValidationError) as refused:
        application_submit(application=application, actor=applicant_actor)
    words = limit + len("მომსახურების მიწოდება იყო ნელი.".split())
    assert refused.value.message_dict == {
        "section_6": [f"The short description has {words} words; at most {limit} fit on one page."]
    }
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_an_attachment_of_the_wrong_type_is_refused(make_application, applicant_actor):
    application = make_application()
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        application_attachment_add(application=application, upload=upload, actor=applicant_actor)
    assert "This file type is not allowed" in refused.value.message_dict["file"][0]
    assert application.practice.attachments.count() == 0


def test_a_theme_over_its_limit_is_refused(make_call, make_application, applicant_actor):
    call = make_call(limit=1)
    first, second = make_application(on=call), make_application(on=call)
    application_submit(application=first, actor=applicant_actor)
    with pytest.raises(ValidationError) as refused:
        application_submit(application=second, actor=applicant_actor)
    assert "the limit of this theme" in refused.value.message_dict["theme"][0]
    second.refresh_from_db()
    assert second.status == Application.Status.DRAFT and not second.practice.is_locked


def test_only_the_applicants_editors_apply(make_application, other_organization):
    outsider = Actor.for_user(person(other_organization, Membership.Role.EDITOR, mfa=False))
    with pytest.raises(NotAllowed):
        make_application(actor=outsider)
    assert Application.objects.count() == 0


def test_a_submitted_application_changes_only_through_the_call_and_each_change_is_audited(make_application, applicant_actor):
    application = application_submit(application=make_application(), actor=applicant_actor)
    before = application.content_sha256
    with pytest.raises(ContentLocked) as locked:
        practice_update(practice=application.practice, actor=applicant_actor, results_ka="გვერდის ავლით")
    assert "Under review in" in str(locked.value)
    application = application_update(application=application, actor=applicant_actor, results_ka="განახლებული შედეგები")
    assert application.content_sha256 != before
    entry = AuditEntry.objects.get(action=AuditAction.APPLICATION_CHANGED)
    assert entry.data["changed"] == ["results_ka"] and entry.actor_id == applicant_actor.user.pk
    with pytest.raises(ValidationError):
        application_update(application=application, actor=applicant_actor, results_ka="")
    application.practice.refresh_from_db()
    assert application.practice.results_ka == "განახლებული შედეგები"


def test_withdrawal_gives_the_practice_back(make_application, applicant_actor):
    application = application_submit(application=make_application(), actor=applicant_actor)
    application = application_withdraw(application=application, actor=applicant_actor)
    application.practice.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN and not application.practice.is_locked
    with pytest.raises(Conflict):
        application_submit(application=application, actor=applicant_actor)


# --- review ------------------------------------------------------------------------------------------
def test_automatic_assignment_is_balanced_and_never_a_conflict(in_review, call, manager_actor, reviewers, organization):
    insider = reviewers[0]
    Membership.objects.create(user=insider, organization=organization, role=Membership.Role.MEMBER)
    assignments_auto(call=call, actor=manager_actor)
    pairs = list(Assignment.objects.filter(call=call).values_list("reviewer_id", "application_id"))
    assert (insider.pk, in_review[0].pk) not in pairs
    per_application = {a.pk: sum(1 for _r, app in pairs if app == a.pk) for a in in_review}
    assert set(per_application.values()) == {call.reviewers_per_application}
    loads = [sum(1 for r, _a in pairs if r == reviewer.pk) for reviewer in reviewers]
    assert max(loads) - min(loads) <= 1
    assert AuditEntry.objects.get(action=AuditAction.REVIEW_ASSIGNED).data["assignments"]


def test_an_impossible_assignment_is_a_clear_refusal_that_creates_nothing(in_review, call, manager_actor, reviewers):
    call.reviewers_per_application = 5
    call.save()
    with pytest.raises(Conflict) as refused:
        assignments_auto(call=call, actor=manager_actor)
    assert "lack eligible reviewers" in str(refused.value)
    assert Assignment.objects.count() == 0


def test_assigning_a_conflicted_reviewer_is_refused(in_review, call, manager_actor, reviewers, organization):
    member = reviewers[0]
    Membership.objects.create(user=member, organization=organization, role=Membership.Role.MEMBER)
    with pytest.raises(ValidationError) as refused:
        assignment_add(application=in_review[0], reviewer=member, actor=manager_actor)
    assert "conflict of interest" in refused.value.message_dict["reviewer"][0]
    ConflictDeclaration.objects.create(call=call, reviewer=reviewers[1], organization=in_review[1].organization)
    with pytest.raises(ValidationError):
        assignment_add(application=in_review[1], reviewer=reviewers[1], actor=manager_actor)
    assert Assignment.objects.count() == 0
    assert _audit(AuditAction.REVIEW_ASSIGNED) == 0


def test_a_score_outside_the_range_is_refused_and_nothing_is_saved(in_review, call, manager_actor, reviewers):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    criteria = list(call.criteria.all())
    scores = {criteria[0].pk: {"value": 4}, criteria[1].pk: {"value": CRITERIA[1]["max_score"] + 1}}
    with pytest.raises(ValidationError) as refused:
        review_save(assignment=assignment, scores=scores, actor=Actor.for_user(reviewers[0]))
    assert refused.value.message_dict == {f"score_{criteria[1].pk}": ["Score “Results and impact” from 1 to 5."]}
    assert Score.objects.count() == 0 and _audit(AuditAction.REVIEW_SCORED) == 0


def test_only_the_assigned_reviewer_scores_and_a_review_needs_every_criterion(in_review, call, manager_actor, reviewers):
    assignment = assignment_add(application=in_review[0], reviewer=reviewers[0], actor=manager_actor)
    criterion = call.criteria.first()
    with pytest.raises(NotAllowed):
        review_save(assignment=assignment, scores={criterion.pk: {"value": 3}}, actor=Actor.for_user(reviewers[1]))
    review_save(assignment=assignment, scores={criterion.pk: {"value": 3}}, actor=Actor.for_user(reviewers[0]))
    with pytest.raises(ValidationError) as refused:
        review_submit(assignment=assignment, actor=Actor.for_user(reviewers[0]))
    assert len(refused.value.message_dict) == len(CRITERIA) - 1
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED


def test_declaring_a_conflict_removes_the_assignment_and_the_next_assignment_respects_it(in_review, call, manager_actor, reviewers):
    assignments_auto(call=call, actor=manager_actor)
    assignment = Assignment.objects.filter(application=in_review[0]).select_related("call", "application__organization").first()
    reviewer = assignment.reviewer
    conflict_declare(assignment=assignment, reason="ჩემი ნათესავი მუშაობს იქ", actor=Actor.for_user(reviewer))
    assert not Assignment.objects.filter(reviewer=reviewer, application=in_review[0]).exists()
    assignments_auto(call=call, actor=manager_actor)
    assert not Assignment.objects.filter(reviewer=reviewer, application=in_review[0]).exists()
    assert Assignment.objects.filter(application=in_review[0]).count() == call.reviewers_per_application
    assert _audit(AuditAction.REVIEW_CONFLICT_DECLARED) == 1


def test_the_deadline_refusal_reads_in_georgian(seed_draft, applicant_actor):
    with translation.override("ka"), time_machine.travel(CLOSES, tick=False), pytest.raises(DeadlinePassed) as refused:
        application_submit(application=seed_draft, actor=applicant_actor)
    with translation.override("ka"):
        assert str(refused.value) == (
            "კონკურსის „საუკეთესო პრაქტიკის პროგრამა“ ვადა ამოიწურა 01.12.2025 00:00:00-ზე (თბილისის დროით); არაფერი შეცვლილა."
        )


def test_each_managers_step_only_in_its_phase(call, make_application, applicant_actor, manager_actor):
    from competitions.services import (
        application_decide,
        call_advance,
        call_results_publish,
    )

    from .conftest import close_window

    application = application_submit(application=make_application(), actor=applicant_actor)
    refusals = [
        lambda: call_advance(call=call, actor=manager_actor),  # the window is still open
        lambda: assignments_auto(call=call, actor=manager_actor),
        lambda: application_decide(application=application, decision="winner", actor=manager_actor),
        lambda: call_results_publish(call=call, actor=manager_actor),
    ]
    for refused in refusals:
        with pytest.raises(Conflict):
            refused()
    close_window(call)
    call = call_advance(call=call, actor=manager_actor)
    with pytest.raises(Conflict):
        call_results_publish(call=call, actor=manager_actor)
    call = call_advance(call=call, actor=manager_actor)
    with pytest.raises(Conflict):
        call_advance(call=call, actor=manager_actor)
    with pytest.raises(NotAllowed):
        call_results_publish(call=call, actor=applicant_actor)
    call_results_publish(call=call, actor=manager_actor)
    with pytest.raises(Conflict):
        application_withdraw(application=application, actor=applicant_actor)
    assert AuditEntry.objects.filter(action=AuditAction.CALL_PHASE_CHANGED).count() == 2
