"""Writing the Best Practice Programme: calls, applications, reviewer assignments, reviews, results.

Who acts: NALA's competition managers run calls (assign, decide, publish);
editors of a municipality apply for it; reviewers score only what they are
assigned. Services check this themselves (NotAllowed), so no path skips it;
two-factor authentication is checked where people come in (the API's
`check_role`, the web's `tenant_page`), as for every programme role.

An application's content is a draft `Practice` of the applicant, written by
the practice services. Submitting locks it to the call's system actor
(`call_actor`), so from then on only the call writes it: the applicant's
changes until the deadline go through `application_update`, which writes as
the call and records each change in the audit log.

Time: the window is [opens_at, closes_at) in absolute time; the server's
clock decides, to the second, and `DeadlinePassed` names the deadline in
Tbilisi time.
"""

import hashlib
import json
from zoneinfo import ZoneInfo

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.errors import Conflict, DeadlinePassed, NotAllowed
from hub.tasks import enqueue_on_commit
from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Membership, Organization, User
from municipalities.services import audit_record
from practices.models import (
    PRACTICE_FORM_FIELDS,
    Attachment,
    LockKind,
    Practice,
    Term,
    Vocabulary,
)
from practices.services.content import (
    attachment_add,
    attachment_remove,
    content_lock,
    content_publish,
    content_unlock,
)
from practices.services.practice import practice_create, practice_update

from . import scoring
from .assignment import AssignmentInfeasible, assign_reviewers
from .models import (
    THEME_LIMIT_MAX,
    Application,
    Assignment,
    Call,
    CallTheme,
    ConflictDeclaration,
    Criterion,
    Score,
)
from .notifications import send_application_email

TBILISI = ZoneInfo("Asia/Tbilisi")
Phase = Call.Phase

# Sections of NALA's form an application must fill (section number -> Georgian fields), besides the title and theme.
REQUIRED_SECTIONS = {
    "3": ["initiator_ka"],
    "4": ["municipality_profile_ka"],
    "5": ["internal_factors_ka", "external_factors_ka"],
    "6": ["challenge_ka", "short_description_ka"],
    "7": ["detailed_description_ka"],
    "8": ["results_ka"],
    "9": ["success_factors_ka"],
    "10": ["council_role_ka"],
    "11": ["future_plans_ka"],
    "12": ["contact_name", "contact_email"],
}
# Section 6 ("at most one page") is limited in words over these fields together.
SHORT_DESCRIPTION_FIELDS = ("challenge_ka", "short_description_ka")


def call_actor(call: Call) -> Actor:
    """The call as a system actor: it locks, writes and publishes the practices of its applications."""
    return Actor.system(name=call.system_name, organization=call.organization)


def tbilisi_time(moment) -> str:
    return timezone.localtime(moment, TBILISI).strftime("%d.%m.%Y %H:%M:%S")


# --- who may act ------------------------------------------------------------------------------
def is_manager(*, call_organization: Organization, actor: Actor) -> bool:
    return actor.has_role(call_organization, Membership.Role.COMPETITION_MANAGER)


def _check_manager(*, organization: Organization, actor: Actor) -> None:
    if not is_manager(call_organization=organization, actor=actor):
        raise NotAllowed(_("Only NALA's competition managers can do this."))


def _check_applicant(*, organization: Organization, actor: Actor) -> None:
    if not actor.has_role(organization, Membership.Role.EDITOR):
        raise NotAllowed(
            _("Only editors of %(organization)s can change its applications.") % {"organization": organization.name}
        )


def _check_reviewer(*, assignment: Assignment, actor: Actor) -> None:
    if actor.user is None or assignment.reviewer_id != actor.user.pk:
        raise NotAllowed(_("Only the reviewer assigned to this application can review it."))
    if not actor.has_role(assignment.call.organization, Membership.Role.REVIEWER):
        raise NotAllowed(_("Only NALA's reviewers can review applications."))


def _check_phase(*, call: Call, phase: str) -> None:
    if call.phase != phase:
        raise Conflict(
            _("This is possible only in the %(phase)s phase; the call is in the %(current)s phase.")
            % {"phase": Phase(phase).label, "current": call.get_phase_display()}
        )


def _check_window(*, call: Call) -> None:
    """Refuse unless the call takes submissions right now (to the second)."""
    now = timezone.now()
    if call.phase != Phase.SUBMISSION or now >= call.closes_at:
        raise DeadlinePassed(
            _("The deadline of %(call)s passed at %(deadline)s (Tbilisi time); nothing was changed.")
            % {"call": call.title, "deadline": tbilisi_time(call.closes_at)}
        )
    if now < call.opens_at:
        raise NotAllowed(
            _("%(call)s takes applications from %(opens)s (Tbilisi time).") % {"call": call.title, "opens": tbilisi_time(call.opens_at)}
        )


# --- calls ---------------------------------------------------------------------------------------
CALL_FIELDS = (
    "edition", "title_ka", "title_en", "rules_ka", "rules_en", "opens_at", "closes_at", "eligible_kinds",
    "reviewers_per_application", "short_description_word_limit", "reviews_visible_after_own", "disagreement_threshold",
)  # fmt: skip


def _check_call(call: Call) -> None:
    for name in ("opens_at", "closes_at"):
        value = getattr(call, name)
        if value is not None and timezone.is_naive(value):
            raise ValidationError({name: [_("Give times with their time zone.")]})
    call.clean_fields(exclude=["organization", "slug"])
    call.clean()


def _rubric(criteria: list[dict]) -> scoring.Rubric:
    """The scoring rubric the criteria describe, or a ValidationError on `criteria`."""
    try:
        return scoring.Rubric(
            tuple(
                scoring.Criterion(name=str(index), weight=row.get("weight", 1), min_score=row.get("min_score", 0),
                                  max_score=row.get("max_score", 10))
                for index, row in enumerate(criteria)
            )
        )  # fmt: skip
    except ValueError as error:
        raise ValidationError({"criteria": [_("The rubric is not valid: %(reason)s.") % {"reason": error}]}) from error


def _themes(rows: list[dict]) -> list[tuple[Term, int | None]]:
    if not rows:
        raise ValidationError({"themes": [_("A call needs at least one theme.")]})
    slugs = [row["term"] for row in rows]
    terms = {term.slug: term for term in Term.objects.filter(vocabulary=Vocabulary.THEME, slug__in=slugs)}
    unknown = sorted(set(slugs) - set(terms))
    if unknown:
        raise ValidationError({"themes": [_("Unknown theme: %(slugs)s.") % {"slugs": ", ".join(unknown)}]})
    if len(set(slugs)) != len(slugs):
        raise ValidationError({"themes": [_("A theme is listed twice.")]})
    limits = [row.get("limit_per_applicant") for row in rows]
    if any(limit is not None and not (isinstance(limit, int) and 1 <= limit <= THEME_LIMIT_MAX) for limit in limits):
        raise ValidationError(
            {"themes": [_("A theme's limit must be from 1 to %(max)d (or empty for none).") % {"max": THEME_LIMIT_MAX}]}
        )
    return [(terms[slug], limit) for slug, limit in zip(slugs, limits, strict=True)]


@transaction.atomic
def call_create(*, organization: Organization, fields: dict, themes: list[dict], criteria: list[dict], actor: Actor) -> Call:
    """Open a call: `themes` are {term (slug), limit_per_applicant}, `criteria` {name_ka, name_en, weight, min_score, max_score}."""
    if not organization.is_nala:
        # The programme is NALA's: who manages and reviews a call is read from NALA's roles (an admin of the
        # call's organization counts as its manager), which would hand another organization's admins the call.
        raise NotAllowed(_("Calls of the Best Practice Programme belong to NALA."))
    _check_manager(organization=organization, actor=actor)
    fields = {name: value for name, value in fields.items() if name in CALL_FIELDS}
    fields.setdefault("eligible_kinds", [Organization.Kind.MUNICIPALITY])
    call = Call(organization=organization, **fields)
    _check_call(call)
    theme_rows = _themes(themes)
    if not criteria:
        raise ValidationError({"criteria": [_("A call needs at least one criterion.")]})
    _rubric(criteria)
    if any(not (row.get("name_ka") or "").strip() for row in criteria):
        raise ValidationError({"criteria": [_("Every criterion needs a Georgian name.")]})
    base = slugify(anyascii(f"{call.title_en or call.title_ka}-{call.edition}"))[:70].strip("-") or "call"
    slug, counter = base, 2
    while Call.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    call.slug = slug
    call.save()
    CallTheme.objects.bulk_create(
        CallTheme(call=call, term=term, limit_per_applicant=limit, position=position)
        for position, (term, limit) in enumerate(theme_rows)
    )
    Criterion.objects.bulk_create(
        Criterion(call=call, position=position, name_ka=row["name_ka"], name_en=row.get("name_en", ""),
                  weight=row.get("weight", 1), min_score=row.get("min_score", 0), max_score=row.get("max_score", 10))
        for position, row in enumerate(criteria)
    )  # fmt: skip
    audit_record(
        organization=organization, actor=actor, action=AuditAction.CALL_CREATED, target=call,
        data={"edition": call.edition, "themes": [term.slug for term, _limit in theme_rows], "criteria": len(criteria)},
    )
    return call


@transaction.atomic
def call_update(*, call: Call, fields: dict, actor: Actor) -> Call:
    """Change the call's settings (themes and rubric stay as created); not after the results are out."""
    _check_manager(organization=call.organization, actor=actor)
    call = _lock_call(call)
    if call.phase == Phase.RESULTS:
        raise Conflict(_("The results of this call are published; it can no longer be changed."))
    changed = []
    for name, value in fields.items():
        if name in CALL_FIELDS and getattr(call, name) != value:
            setattr(call, name, value)
            changed.append(name)
    _check_call(call)
    call.save()
    audit_record(
        organization=call.organization, actor=actor, action=AuditAction.CALL_UPDATED, target=call,
        data={AUDIT_CHANGED_KEY: sorted(changed)},
    )
    return call


@transaction.atomic
def call_advance(*, call: Call, actor: Actor) -> Call:
    """Move the call to its next phase: submission → review (after the deadline) → deliberation.

    The last step, publishing the results, is `call_results_publish`.
    """
    _check_manager(organization=call.organization, actor=actor)
    call = _lock_call(call)
    if call.phase == Phase.SUBMISSION and timezone.now() < call.closes_at:
        raise Conflict(
            _("The review starts after the deadline (%(deadline)s, Tbilisi time): applicants can still change their applications.")
            % {"deadline": tbilisi_time(call.closes_at)}
        )
    if call.phase in (Phase.DELIBERATION, Phase.RESULTS):
        raise Conflict(_("Publish the results to finish the call."))
    before = call.phase
    call.phase = Call.PHASE_ORDER[Call.PHASE_ORDER.index(call.phase) + 1]
    call.save(update_fields=["phase", "updated_at"])
    audit_record(
        organization=call.organization, actor=actor, action=AuditAction.CALL_PHASE_CHANGED, target=call,
        data={"from": before, "to": call.phase},
    )
    return call


# --- applications ---------------------------------------------------------------------------------
def _practice_fields(fields: dict) -> dict:
    allowed = {"title_ka", "title_en", *PRACTICE_FORM_FIELDS}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError({unknown[0]: [_("An application has no field “%(name)s”.") % {"name": unknown[0]}]})
    return fields


def _check_theme(*, call: Call, theme: CallTheme) -> None:
    if theme.call_id != call.pk:
        raise ValidationError({"theme": [_("Choose one of this call's themes.")]})


def _check_theme_limit(*, application: Application, theme: CallTheme) -> None:
    """The applicant's submitted applications in `theme` stay within its limit (under the theme's row lock)."""
    if theme.limit_per_applicant is None:
        return
    CallTheme.objects.select_for_update().filter(pk=theme.pk).first()
    taken = (
        Application.objects.filter(theme=theme, organization=application.organization, status=Application.Status.SUBMITTED)
        .exclude(pk=application.pk)
        .count()
    )
    if taken >= theme.limit_per_applicant:
        raise ValidationError(
            {"theme": [_("%(organization)s has already submitted %(count)d application(s) in “%(theme)s”, the limit of this theme.")
                       % {"organization": application.organization.name, "count": taken, "theme": theme.name}]}
        )  # fmt: skip


@transaction.atomic
def application_create(
    *,
    call: Call,
    organization: Organization,
    theme: CallTheme,
    title_ka: str,
    actor: Actor,
    activities: list[dict] | None = None,
    **fields,
) -> Application:
    """Start an application: a draft practice of `organization` in NALA's form, tied to the call."""
    _check_applicant(organization=organization, actor=actor)
    if call.eligible_kinds and organization.kind not in call.eligible_kinds:
        raise NotAllowed(_("%(organization)s is not eligible for this call.") % {"organization": organization.name})
    _check_window(call=call)
    _check_theme(call=call, theme=theme)
    practice = practice_create(
        organization=organization, title_ka=title_ka, themes=[theme.term.slug], activities=activities, actor=actor,
        **_practice_fields(fields),
    )  # fmt: skip
    application = Application.objects.create(
        call=call, organization=organization, practice=practice, theme=theme, created_by=actor.user
    )
    application.reference = f"BP-{call.pk}-{application.pk:05d}"
    application.save(update_fields=["reference"])
    audit_record(
        organization=organization, actor=actor, action=AuditAction.APPLICATION_CREATED, target=application,
        data={"call": call.pk, "practice": practice.pk, "theme": theme.term.slug},
    )
    return application


def application_problems(*, application: Application) -> dict[str, list[str]]:
    """What keeps the application from being submitted, per section of the form ("section_6": [...]); {} when ready."""
    practice = application.practice
    problems: dict[str, list[str]] = {}
    if not practice.title_ka.strip():
        problems["section_1"] = [_("Give the practice's title in Georgian.")]
    for number, names in REQUIRED_SECTIONS.items():
        empty = [name for name in names if not str(getattr(practice, name) or "").strip()]
        if empty:
            labels = ", ".join(str(Practice._meta.get_field(name).verbose_name) for name in empty)
            problems.setdefault(f"section_{number}", []).append(_("Fill in: %(fields)s.") % {"fields": labels})
    if not practice.activities.exists():
        problems.setdefault("section_7", []).append(_("Add at least one row to the activity plan."))
    words = sum(len(str(getattr(practice, name)).split()) for name in SHORT_DESCRIPTION_FIELDS)
    limit = application.call.short_description_word_limit
    if words > limit:
        problems.setdefault("section_6", []).append(
            _("The short description has %(words)d words; at most %(limit)d fit on one page.") % {"words": words, "limit": limit}
        )
    return problems


def _check_complete(application: Application) -> None:
    problems = application_problems(application=application)
    if problems:
        raise ValidationError(problems)


def application_content_hash(*, application: Application) -> str:
    """SHA-256 of the application's content: every field of the form, the activity plan and the attached files."""
    practice = Practice.objects.prefetch_related("themes", "activities").get(pk=application.practice_id)
    snapshot = practice.snapshot()
    snapshot.pop("slug", None)
    snapshot["attachments"] = [
        {"name": attachment.original_name, "size": attachment.size, "type": attachment.mime_type, "key": attachment.storage_key}
        for attachment in practice.attachments.order_by("pk")
    ]
    canonical = json.dumps(snapshot, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_call(call: Call) -> Call:
    """The call's row lock: every write that depends on the call's phase, conflicts or assignments takes it first
    (then an application's), so auto-assignment, hand assignment, conflicts, decisions and publishing serialise."""
    return Call.objects.select_for_update(of=("self",)).select_related("organization").get(pk=call.pk)


def _lock_application(application: Application) -> Application:
    """The application's row lock, after its call's (the one lock order, so two writers never deadlock)."""
    _lock_call(application.call)
    return Application.objects.select_for_update().select_related("call__organization", "organization", "practice", "theme__term").get(
        pk=application.pk
    )


def _writer(application: Application, actor: Actor) -> Actor:
    """Who writes the practice: the applicant on a draft, the call (its lock owner) once it is submitted."""
    return call_actor(application.call) if application.status == Application.Status.SUBMITTED else actor


@transaction.atomic
def application_update(
    *,
    application: Application,
    actor: Actor,
    expected_version: int | None = None,
    theme: CallTheme | None = None,
    activities: list[dict] | None = None,
    **fields,
) -> Application:
    """Autosave and edits until the deadline; a submitted application stays complete and its receipt hash follows."""
    _check_applicant(organization=application.organization, actor=actor)
    application = _lock_application(application)
    if application.status == Application.Status.WITHDRAWN:
        raise Conflict(_("This application was withdrawn."))
    _check_window(call=application.call)
    changed = []
    if theme is not None and theme.pk != application.theme_id:
        _check_theme(call=application.call, theme=theme)
        if application.status == Application.Status.SUBMITTED:
            _check_theme_limit(application=application, theme=theme)
        application.theme = theme
        changed.append("theme")
    practice_update(
        practice=application.practice, expected_version=expected_version, activities=activities,
        themes=[application.theme.term.slug] if "theme" in changed else None,
        actor=_writer(application, actor), **_practice_fields(fields),
    )  # fmt: skip
    changed += sorted(fields) + (["activities"] if activities is not None else [])
    if application.status == Application.Status.SUBMITTED:
        _check_complete(application)
        application.content_sha256 = application_content_hash(application=application)
        audit_record(
            organization=application.organization, actor=actor, action=AuditAction.APPLICATION_CHANGED, target=application,
            data={AUDIT_CHANGED_KEY: changed, "content_sha256": application.content_sha256},
        )
    application.save()
    return application


@transaction.atomic
def application_attachment_add(*, application: Application, upload: UploadedFile, title: str = "", actor: Actor) -> Attachment:
    """Attach a document, report, strategy or photo (the library's checked uploads) until the deadline."""
    _check_applicant(organization=application.organization, actor=actor)
    application = _lock_application(application)
    if application.status == Application.Status.WITHDRAWN:
        raise Conflict(_("This application was withdrawn."))
    _check_window(call=application.call)
    attachment = attachment_add(item=application.practice, upload=upload, title=title, actor=_writer(application, actor))
    if application.status == Application.Status.SUBMITTED:
        application.content_sha256 = application_content_hash(application=application)
        application.save(update_fields=["content_sha256", "updated_at"])
        audit_record(
            organization=application.organization, actor=actor, action=AuditAction.APPLICATION_CHANGED, target=application,
            data={AUDIT_CHANGED_KEY: ["attachments"], "added": attachment.original_name, "content_sha256": application.content_sha256},
        )
    return attachment


@transaction.atomic
def application_attachment_remove(*, application: Application, attachment: Attachment, actor: Actor) -> None:
    _check_applicant(organization=application.organization, actor=actor)
    application = _lock_application(application)
    if attachment.object_id != application.practice_id or attachment.content_type.model_class() is not Practice:
        raise NotAllowed(_("This file is not attached to the application."))
    _check_window(call=application.call)
    attachment_remove(attachment=attachment, actor=_writer(application, actor))
    if application.status == Application.Status.SUBMITTED:
        application.content_sha256 = application_content_hash(application=application)
        application.save(update_fields=["content_sha256", "updated_at"])
        audit_record(
            organization=application.organization, actor=actor, action=AuditAction.APPLICATION_CHANGED, target=application,
            data={AUDIT_CHANGED_KEY: ["attachments"], "removed": attachment.original_name, "content_sha256": application.content_sha256},
        )


@transaction.atomic
def application_submit(*, application: Application, actor: Actor) -> Application:
    """Submit before the deadline: complete, within the theme's limit; the call locks the practice; a receipt follows."""
    _check_applicant(organization=application.organization, actor=actor)
    application = _lock_application(application)
    if application.status != Application.Status.DRAFT:
        raise Conflict(_("This application is already %(status)s.") % {"status": application.get_status_display()})
    _check_window(call=application.call)
    _check_complete(application)
    _check_theme_limit(application=application, theme=application.theme)
    call = application.call
    content_lock(item=application.practice, actor=call_actor(call), kind=LockKind.UNDER_REVIEW, source=call.title_ka)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.content_sha256 = application_content_hash(application=application)
    application.save()
    audit_record(
        organization=application.organization, actor=actor, action=AuditAction.APPLICATION_SUBMITTED, target=application,
        data={"call": call.pk, "reference": application.reference, "content_sha256": application.content_sha256},
    )
    enqueue_on_commit(send_application_email, application.pk, "submitted")
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: Actor) -> Application:
    """Withdraw (a draft or a submitted application) until the results are out; the practice is the applicant's again."""
    _check_applicant(organization=application.organization, actor=actor)
    application = _lock_application(application)
    if application.status == Application.Status.WITHDRAWN:
        raise Conflict(_("This application was withdrawn."))
    if application.call.phase == Phase.RESULTS:
        raise Conflict(_("The results of this call are published; the application can no longer be withdrawn."))
    before = application.status
    if before == Application.Status.SUBMITTED:
        content_unlock(item=application.practice, actor=call_actor(application.call))
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    application.assignments.filter(status=Assignment.Status.ASSIGNED).delete()
    audit_record(
        organization=application.organization, actor=actor, action=AuditAction.APPLICATION_WITHDRAWN, target=application,
        data={"from": before},
    )
    return application


# --- reviewers and assignments ------------------------------------------------------------------
def call_reviewers(*, call: Call):
    """NALA's reviewers (the exact role): the pool a call assigns from."""
    return User.objects.filter(
        memberships__organization=call.organization, memberships__role=Membership.Role.REVIEWER, is_active=True
    ).order_by("pk")


def call_conflicts(*, call: Call, reviewer_ids: list[int], applications: list[Application]) -> set[tuple[int, int]]:
    """(reviewer, application) pairs that may never meet: the reviewer belongs to the applicant or declared a conflict."""
    by_organization: dict[int, list[int]] = {}
    for application in applications:
        by_organization.setdefault(application.organization_id, []).append(application.pk)
    pairs = set()
    members = Membership.objects.filter(user_id__in=reviewer_ids, organization_id__in=by_organization).values_list(
        "user_id", "organization_id"
    )
    declared = ConflictDeclaration.objects.filter(call=call, reviewer_id__in=reviewer_ids).values_list("reviewer_id", "organization_id")
    for user_id, organization_id in [*members, *declared]:
        pairs.update((user_id, application_id) for application_id in by_organization.get(organization_id, []))
    return pairs


def is_conflicted(*, call: Call, reviewer: User, application: Application) -> bool:
    return bool(call_conflicts(call=call, reviewer_ids=[reviewer.pk], applications=[application]))


@transaction.atomic
def assignments_auto(*, call: Call, actor: Actor) -> list[Assignment]:
    """Give every submitted application its k reviewers: balanced, conflict-free, keeping the assignments made so far."""
    _check_manager(organization=call.organization, actor=actor)
    call = _lock_call(call)
    _check_phase(call=call, phase=Phase.REVIEW)
    applications = list(call.applications.filter(status=Application.Status.SUBMITTED))
    reviewer_ids = list(call_reviewers(call=call).values_list("pk", flat=True))
    existing = set(
        Assignment.objects.filter(call=call, application__in=applications, reviewer_id__in=reviewer_ids).values_list(
            "reviewer_id", "application_id"
        )
    )
    conflicts = call_conflicts(call=call, reviewer_ids=reviewer_ids, applications=applications)
    # A conflict that arose after the assignment (declared, or a membership of the applicant): the open review goes.
    open_reviews = Assignment.objects.filter(call=call, application__in=applications, status=Assignment.Status.ASSIGNED)
    conflicted = [row for row in open_reviews.values_list("pk", "reviewer_id", "application_id") if row[1:] in conflicts]
    Assignment.objects.filter(pk__in=[pk for pk, _reviewer, _application in conflicted]).delete()
    unassigned = [[application_id, reviewer_id] for _pk, reviewer_id, application_id in conflicted]
    existing -= {(reviewer_id, application_id) for _pk, reviewer_id, application_id in conflicted}
    try:
        result = assign_reviewers(
            [application.pk for application in applications], reviewer_ids, call.reviewers_per_application,
            conflicts=conflicts, fixed=existing - conflicts,
        )  # fmt: skip
    except AssignmentInfeasible as error:
        raise Conflict(_("The reviewers cannot be assigned: %(reason)s.") % {"reason": error}) from error
    new = [
        Assignment(call=call, application_id=application_id, reviewer_id=reviewer_id)
        for application_id, reviewers in result.assignments.items()
        for reviewer_id in reviewers
        if (reviewer_id, application_id) not in existing
    ]
    Assignment.objects.bulk_create(new)
    audit_record(
        organization=call.organization, actor=actor, action=AuditAction.REVIEW_ASSIGNED, target=call,
        data={"automatic": True, "assignments": [[a.application_id, a.reviewer_id] for a in new], "load_spread": result.load_spread,
              "unassigned_conflicted": unassigned},
    )
    return new


@transaction.atomic
def assignment_add(*, application: Application, reviewer: User, actor: Actor) -> Assignment:
    """Assign a reviewer by hand; a conflicted or non-reviewer is refused."""
    application = _lock_application(application)
    call = application.call
    _check_manager(organization=call.organization, actor=actor)
    if call.phase not in (Phase.REVIEW, Phase.DELIBERATION):
        _check_phase(call=call, phase=Phase.REVIEW)
    if application.status != Application.Status.SUBMITTED:
        raise Conflict(_("Only submitted applications are reviewed."))
    if not call_reviewers(call=call).filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": [_("%(person)s is not one of NALA's reviewers.") % {"person": reviewer}]})
    if is_conflicted(call=call, reviewer=reviewer, application=application):
        raise ValidationError(
            {"reviewer": [_("%(person)s has a conflict of interest with %(organization)s and cannot review its application.")
                          % {"person": reviewer, "organization": application.organization.name}]}
        )  # fmt: skip
    if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise Conflict(_("%(person)s already reviews this application.") % {"person": reviewer})
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(call=call, application=application, reviewer=reviewer, manual=True)
    except IntegrityError as error:  # the same pair written outside the call's lock: a duplicate, not a failure
        raise Conflict(_("%(person)s already reviews this application.") % {"person": reviewer}) from error
    audit_record(
        organization=call.organization, actor=actor, action=AuditAction.REVIEW_ASSIGNED, target=assignment,
        data={"automatic": False, "assignments": [[application.pk, reviewer.pk]]},
    )
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, actor: Actor) -> None:
    _check_manager(organization=assignment.call.organization, actor=actor)
    if assignment.is_submitted:
        raise Conflict(_("This review is submitted already; it stays in the record."))
    audit_record(
        organization=assignment.call.organization, actor=actor, action=AuditAction.REVIEW_UNASSIGNED, target=assignment,
        data={"application": assignment.application_id, "reviewer": assignment.reviewer_id},
    )
    assignment.delete()


@transaction.atomic
def conflict_declare(*, assignment: Assignment, reason: str = "", actor: Actor) -> ConflictDeclaration:
    """The reviewer declares a conflict with the applicant: their open assignments to its applications in the call go."""
    _check_reviewer(assignment=assignment, actor=actor)
    call = _lock_call(assignment.call)
    assignment = Assignment.objects.select_for_update().select_related("application__organization").filter(pk=assignment.pk).first()
    if assignment is None:
        raise Conflict(_("This application is no longer assigned to you."))
    assignment.call = call
    if assignment.is_submitted:
        raise Conflict(_("You have submitted this review already; tell the competition managers about the conflict."))
    application = assignment.application
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        call=assignment.call, reviewer=actor.user, organization=application.organization, defaults={"reason": reason[:500]}
    )
    removed = list(
        Assignment.objects.filter(
            call=assignment.call, reviewer=actor.user, application__organization=application.organization,
            status=Assignment.Status.ASSIGNED,
        ).values_list("application_id", flat=True)
    )  # fmt: skip
    Assignment.objects.filter(call=assignment.call, reviewer=actor.user, application_id__in=removed).delete()
    audit_record(
        organization=assignment.call.organization, actor=actor, action=AuditAction.REVIEW_CONFLICT_DECLARED, target=declaration,
        data={"organization": application.organization.slug, "unassigned": removed},
    )
    return declaration


@transaction.atomic
def review_save(*, assignment: Assignment, scores: dict[int, dict], comment: str | None = None, actor: Actor) -> Assignment:
    """Save scores ({criterion id: {"value", "comment"}}), each within its criterion's range; not after submitting."""
    _check_reviewer(assignment=assignment, actor=actor)
    assignment = Assignment.objects.select_for_update().select_related("call").get(pk=assignment.pk)
    _check_phase(call=assignment.call, phase=Phase.REVIEW)
    if assignment.is_submitted:
        raise Conflict(_("This review is submitted and can no longer be changed."))
    criteria = {criterion.pk: criterion for criterion in assignment.call.criteria.all()}
    errors = {}
    for criterion_id, entry in scores.items():
        criterion = criteria.get(criterion_id)
        value = entry.get("value")
        if criterion is None:
            errors[f"score_{criterion_id}"] = [_("This call has no such criterion.")]
        elif isinstance(value, bool) or not isinstance(value, int) or not criterion.min_score <= value <= criterion.max_score:
            errors[f"score_{criterion_id}"] = [
                _("Score “%(criterion)s” from %(low)d to %(high)d.")
                % {"criterion": criterion.name, "low": criterion.min_score, "high": criterion.max_score}
            ]
    if errors:
        raise ValidationError(errors)
    existing = {score.criterion_id: score for score in assignment.scores.all()}
    for criterion_id, entry in scores.items():
        score = existing.get(criterion_id) or Score(assignment=assignment, criterion_id=criterion_id)
        score.value, score.comment = entry["value"], entry.get("comment", "") or ""
        score.save()
    if comment is not None:
        assignment.comment = comment
    assignment.save()
    audit_record(
        organization=assignment.call.organization, actor=actor, action=AuditAction.REVIEW_SCORED, target=assignment,
        data={"application": assignment.application_id, "scores": {str(key): entry["value"] for key, entry in scores.items()}},
    )
    return assignment


@transaction.atomic
def review_submit(*, assignment: Assignment, actor: Actor) -> Assignment:
    _check_reviewer(assignment=assignment, actor=actor)
    assignment = Assignment.objects.select_for_update().select_related("call").get(pk=assignment.pk)
    _check_phase(call=assignment.call, phase=Phase.REVIEW)
    if assignment.is_submitted:
        raise Conflict(_("This review is submitted already."))
    scored = set(assignment.scores.values_list("criterion_id", flat=True))
    missing = [criterion for criterion in assignment.call.criteria.all() if criterion.pk not in scored]
    if missing:
        raise ValidationError(
            {f"score_{criterion.pk}": [_("Score “%(criterion)s” before submitting.") % {"criterion": criterion.name}] for criterion in missing}
        )
    assignment.status = Assignment.Status.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save()
    audit_record(
        organization=assignment.call.organization, actor=actor, action=AuditAction.REVIEW_SUBMITTED, target=assignment,
        data={"application": assignment.application_id},
    )
    return assignment


@transaction.atomic
def review_save_and_submit(*, assignment: Assignment, scores: dict[int, dict], comment: str | None = None, actor: Actor) -> Assignment:
    """Save the scores and submit in one transaction: a review that cannot be submitted keeps none of them."""
    assignment = review_save(assignment=assignment, scores=scores, comment=comment, actor=actor)
    return review_submit(assignment=assignment, actor=actor)


# --- decisions and results -------------------------------------------------------------------------
@transaction.atomic
def application_decide(*, application: Application, decision: str, actor: Actor) -> Application:
    application = _lock_application(application)
    call = application.call
    _check_manager(organization=call.organization, actor=actor)
    _check_phase(call=call, phase=Phase.DELIBERATION)
    if decision not in Application.Decision.values:
        raise ValidationError({"decision": [_("Choose winner, not selected or no decision.")]})
    if application.status != Application.Status.SUBMITTED:
        raise Conflict(_("Only submitted applications can win."))
    before = application.decision
    application.decision = decision
    application.save(update_fields=["decision", "updated_at"])
    audit_record(
        organization=call.organization, actor=actor, action=AuditAction.APPLICATION_DECIDED, target=application,
        data={"from": before, "to": decision},
    )
    return application


@transaction.atomic
def call_results_publish(*, call: Call, actor: Actor) -> Call:
    """Announce the results: winners become published practices, every practice is its owner's again, applicants hear by e-mail."""
    _check_manager(organization=call.organization, actor=actor)
    call = _lock_call(call)
    _check_phase(call=call, phase=Phase.DELIBERATION)
    system = call_actor(call)
    submitted = list(call.applications.filter(status=Application.Status.SUBMITTED).select_related("practice", "organization"))
    winners = []
    for application in submitted:
        if application.is_winner:
            content_publish(item=application.practice, actor=system)
            winners.append(application.pk)
        elif application.decision == Application.Decision.NONE:
            application.decision = Application.Decision.NOT_SELECTED
            application.save(update_fields=["decision", "updated_at"])
        content_unlock(item=application.practice, actor=system)
    call.phase = Phase.RESULTS
    call.results_published_at = timezone.now()
    call.save(update_fields=["phase", "results_published_at", "updated_at"])
    audit_record(
        organization=call.organization, actor=actor, action=AuditAction.CALL_RESULTS_PUBLISHED, target=call,
        data={"winners": winners, "applications": len(submitted)},
    )
    for application in submitted:
        enqueue_on_commit(send_application_email, application.pk, "results")
    return call
