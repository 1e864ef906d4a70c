"""Reading the Best Practice Programme: what each actor may see, progress, and the ranking."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from municipalities.actors import Actor
from municipalities.models import Membership
from practices.models import Practice
from practices.selectors.content import actor_organization_ids

from . import scoring
from .models import (
    Application,
    Assignment,
    Call,
    CallTheme,
    ConflictDeclaration,
    Criterion,
    Score,
)


def call_list() -> QuerySet[Call]:
    """Calls are public: their rules, themes, window and (once published) results."""
    return Call.objects.select_related("organization").prefetch_related(
        Prefetch("themes", queryset=CallTheme.objects.select_related("term")), "criteria"
    )


def managed_organization_ids(*, actor: Actor) -> list[int]:
    """The organizations (NALA) whose calls the actor manages; none without two-factor authentication."""
    if actor.user is None or actor.needs_mfa_for(Membership.Role.COMPETITION_MANAGER):
        return []
    roles = [Membership.Role.COMPETITION_MANAGER, Membership.Role.ADMIN]
    return list(Membership.objects.filter(user=actor.user, role__in=roles).values_list("organization_id", flat=True))


def reviewing_organization_ids(*, actor: Actor) -> list[int]:
    """The organizations (NALA) in which the actor holds the reviewer role now; none without two-factor authentication.

    Reviewing follows the role, not the assignment rows: a reviewer whose role is removed keeps no access.
    """
    if actor.user is None or actor.needs_mfa_for(Membership.Role.REVIEWER):
        return []
    roles = [Membership.Role.REVIEWER, Membership.Role.ADMIN]
    return list(Membership.objects.filter(user=actor.user, role__in=roles).values_list("organization_id", flat=True))


def reviewer_assignments(*, actor: Actor) -> QuerySet[Assignment]:
    """The assignments the actor reviews now: with the reviewer role, and never one with a conflict of interest.

    Conflicts are checked here, at read time, not only when assigning: a conflict declared, or a membership of
    the applicant taken, after the assignment hides it at once.
    """
    reviewing = reviewing_organization_ids(actor=actor)
    if not reviewing:
        return Assignment.objects.none()
    declared = ConflictDeclaration.objects.filter(
        call=OuterRef("call"), reviewer=OuterRef("reviewer"), organization=OuterRef("application__organization")
    )
    member = Membership.objects.filter(user=OuterRef("reviewer"), organization=OuterRef("application__organization"))
    return Assignment.objects.filter(reviewer=actor.user, call__organization_id__in=reviewing).exclude(Exists(declared)).exclude(
        Exists(member)
    )


def application_visible(*, actor: Actor) -> QuerySet[Application]:
    """The applicant's own applications (any member), every non-draft one for the call's managers, and for a
    reviewer the applications assigned to them (a conflict removes the assignment, so never a conflicted one).

    `shown_decision` is the decision as the actor may see it: the call's managers always, anyone else only once
    the results are published (until then a decision is the deliberation's, not the applicant's).
    """
    if actor.is_anonymous:
        return Application.objects.none()
    visible = Q(organization_id__in=actor_organization_ids(actor=actor))
    managed = managed_organization_ids(actor=actor)
    decision_shown = Q(call__phase=Call.Phase.RESULTS) | Q(call__organization_id__in=managed)
    if managed:
        visible |= Q(call__organization_id__in=managed) & ~Q(status=Application.Status.DRAFT)
    visible |= Q(pk__in=reviewer_assignments(actor=actor).values("application_id"), status=Application.Status.SUBMITTED)
    return (
        Application.objects.filter(visible)
        .distinct()
        .annotate(shown_decision=Case(When(decision_shown, then=F("decision")), default=Value(""), output_field=CharField()))
        .select_related("call__organization", "organization", "practice", "theme__term", "created_by")
    )


def application_is_applicants(*, application: Application, actor: Actor) -> bool:
    return actor.has_role(application.organization, Membership.Role.MEMBER)


def assignment_visible(*, actor: Actor) -> QuerySet[Assignment]:
    """A reviewer's own assignments (while they hold the role, without a conflict); every assignment of the calls the
    actor manages."""
    visible = Q(pk__in=reviewer_assignments(actor=actor).values("pk"))
    managed = managed_organization_ids(actor=actor)
    if managed:
        visible |= Q(call__organization_id__in=managed)
    return (
        Assignment.objects.filter(visible)
        .select_related("call__organization", "application__organization", "application__practice", "application__theme__term", "reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


def other_reviews(*, assignment: Assignment, actor: Actor) -> list[Assignment]:
    """The other submitted reviews of the same application, when the call lets the reviewer see them."""
    call = assignment.call
    mine = assignment.reviewer_id == getattr(actor.user, "pk", None)
    if mine and not (call.reviews_visible_after_own and assignment.is_submitted):
        return []
    return list(
        Assignment.objects.filter(application_id=assignment.application_id, status=Assignment.Status.SUBMITTED)
        .exclude(pk=assignment.pk)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


def practice_award(*, practice: Practice) -> Application | None:
    """The winning application behind a published practice (for its "Best Practice" badge), if any."""
    if not practice.is_published:
        return None
    return (
        Application.objects.filter(
            practice=practice, decision=Application.Decision.WINNER, call__phase=Call.Phase.RESULTS
        )
        .select_related("call")
        .first()
    )


def call_winners(*, call: Call) -> QuerySet[Application]:
    if call.phase != Call.Phase.RESULTS:
        return Application.objects.none()
    return call.applications.filter(decision=Application.Decision.WINNER).select_related(
        "organization", "practice__organization", "theme__term"
    )


@dataclass(frozen=True)
class Progress:
    applications: int
    drafts: int
    submitted: int
    withdrawn: int
    assignments: int
    reviews_submitted: int

    @property
    def percent(self) -> int:
        return round(100 * self.reviews_submitted / self.assignments) if self.assignments else 0


def call_progress(*, call: Call) -> Progress:
    counts = call.applications.aggregate(
        total=Count("id"),
        drafts=Count("id", filter=Q(status=Application.Status.DRAFT)),
        submitted=Count("id", filter=Q(status=Application.Status.SUBMITTED)),
        withdrawn=Count("id", filter=Q(status=Application.Status.WITHDRAWN)),
    )
    reviews = call.assignments.aggregate(total=Count("id"), done=Count("id", filter=Q(status=Assignment.Status.SUBMITTED)))
    return Progress(
        applications=counts["total"], drafts=counts["drafts"], submitted=counts["submitted"], withdrawn=counts["withdrawn"],
        assignments=reviews["total"], reviews_submitted=reviews["done"],
    )  # fmt: skip


def call_rubric(*, criteria: list[Criterion]) -> scoring.Rubric:
    return scoring.Rubric(
        tuple(scoring.Criterion(name=str(c.pk), weight=c.weight, min_score=c.min_score, max_score=c.max_score) for c in criteria)
    )


@dataclass(frozen=True)
class RankedApplication:
    application: Application
    score: scoring.ApplicationScore | None  # None: no submitted review yet


@dataclass(frozen=True)
class CallRanking:
    themes: list[tuple[CallTheme, list[RankedApplication]]]
    normalized: bool


# What a ranking shows of each application: a practice holds the whole form, and a call may have thousands.
RANKING_FIELDS = (
    "id", "call_id", "theme_id", "status", "reference", "decision", "organization__slug", "organization__name_ka",
    "organization__name_en", "practice__title_ka", "practice__title_en", "practice__organization_id",
)


def call_ranking(*, call: Call, normalize: bool = False) -> CallRanking:
    """Weighted totals, optional per-reviewer z-scores, disagreement flags and the ranking per theme (scoring.py).

    Submitted reviews only; applications without one come last in their theme.
    """
    criteria = list(call.criteria.all())
    rubric = call_rubric(criteria=criteria)
    applications = {
        application.pk: application
        for application in call.applications.filter(status=Application.Status.SUBMITTED)
        .select_related("organization", "practice")
        .only(*RANKING_FIELDS)
    }
    # One query for every score of every submitted review (a submitted review has a score per criterion).
    reviews_by_assignment: dict[int, tuple[int, int, dict[str, int]]] = {}
    for assignment_id, reviewer_id, application_id, criterion_id, value in Score.objects.filter(
        assignment__call=call, assignment__status=Assignment.Status.SUBMITTED,
        assignment__application__status=Application.Status.SUBMITTED,
    ).values_list("assignment_id", "assignment__reviewer_id", "assignment__application_id", "criterion_id", "value"):
        reviews_by_assignment.setdefault(assignment_id, (reviewer_id, application_id, {}))[2][str(criterion_id)] = value
    reviews = [
        scoring.Review(reviewer=reviewer_id, application=application_id, scores=scores)
        for reviewer_id, application_id, scores in reviews_by_assignment.values()
    ]
    ranking = scoring.rank_applications(
        reviews, rubric, themes={pk: application.theme_id for pk, application in applications.items()},
        normalize=normalize, disagreement_threshold=call.disagreement_threshold,
    )  # fmt: skip
    themes = []
    for theme in call.themes.select_related("term"):
        rows = [RankedApplication(applications[score.application], score) for score in ranking.by_theme.get(theme.pk, [])]
        ranked = {row.application.pk for row in rows}
        rows += [
            RankedApplication(application, None)
            for application in sorted(applications.values(), key=lambda a: a.pk)
            if application.theme_id == theme.pk and application.pk not in ranked
        ]
        themes.append((theme, rows))
    return CallRanking(themes=themes, normalized=normalize)
