"""NALA's Best Practice Programme: calls, applications in NALA's form, reviewer assignments, reviews, results.

An application does not copy the form: it holds a draft `Practice` of the
applicant municipality (the library's definition of NALA's form, seed 002),
edited through the practice services. On submission the call's system actor
locks that practice (`LockKind.UNDER_REVIEW`), so nobody else can change it
while it is reviewed; winners become published practices.

A call belongs to NALA (its tenant); its managers and reviewers are NALA
members with the competition manager / reviewer role.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization, in_language
from practices.models import Practice, Term


class Call(models.Model):
    class Phase(models.TextChoices):
        SUBMISSION = "submission", _("Submission")
        REVIEW = "review", _("Review")
        DELIBERATION = "deliberation", _("Deliberation")
        RESULTS = "results", _("Results published")

    # The phases in order: a call only moves forward.
    PHASE_ORDER = [Phase.SUBMISSION, Phase.REVIEW, Phase.DELIBERATION, Phase.RESULTS]

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="competition_calls")
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    edition = models.CharField(_("edition"), max_length=40, help_text=_("For example 2024–2025."))
    title_ka = models.CharField(_("title (Georgian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    rules_ka = models.TextField(_("rules (Georgian)"), blank=True, help_text=_("Written in Markdown."))
    rules_en = models.TextField(_("rules (English)"), blank=True, help_text=_("Written in Markdown."))
    opens_at = models.DateTimeField(_("submissions open"))
    closes_at = models.DateTimeField(_("submissions close"))
    eligible_kinds = models.JSONField(_("who may apply"), default=list, blank=True)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=3, validators=[MinValueValidator(1)]
    )
    short_description_word_limit = models.PositiveIntegerField(
        _("word limit of the short description (section 6)"), default=500, validators=[MinValueValidator(1)]
    )
    reviews_visible_after_own = models.BooleanField(
        _("reviewers see the others' reviews after submitting their own"), default=True
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (spread of weighted totals)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.SUBMISSION, db_index=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_window_order")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": [_("Submissions must close after they open.")]})
        kinds = set(Organization.Kind.values)
        if not isinstance(self.eligible_kinds, list) or any(kind not in kinds for kind in self.eligible_kinds):
            raise ValidationError({"eligible_kinds": [_("Choose kinds from: %(kinds)s.") % {"kinds": ", ".join(sorted(kinds))}]})

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def rules(self) -> str:
        return in_language(self, "rules")

    @property
    def system_name(self) -> str:
        """The system actor that locks and publishes the call's practices."""
        return f"competitions.call:{self.pk}"

    def is_open_at(self, moment) -> bool:
        return self.phase == self.Phase.SUBMISSION and self.opens_at <= moment < self.closes_at


# A theme's limit per applicant: a handful in practice; the bound keeps input within the column (a smallint).
THEME_LIMIT_MAX = 1000


class CallTheme(models.Model):
    """A theme (category) of a call, one of the library's practice themes, with an optional limit per applicant."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="themes")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("theme"))
    limit_per_applicant = models.PositiveSmallIntegerField(
        _("applications per municipality"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(THEME_LIMIT_MAX)],
        help_text=_("Empty: no limit."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("theme of a call")
        verbose_name_plural = _("themes of a call")
        constraints = [models.UniqueConstraint(fields=["call", "term"], name="call_theme_unique_term")]

    def __str__(self) -> str:
        return self.term.name

    @property
    def name(self) -> str:
        return self.term.name


class Criterion(models.Model):
    """One line of the rubric: scored by every reviewer within [min_score, max_score], weighted."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name_ka = models.CharField(_("name (Georgian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)])
    min_score = models.SmallIntegerField(_("lowest score"), default=0)
    max_score = models.SmallIntegerField(_("highest score"), default=10)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_score__gt=models.F("min_score")), name="criterion_range_order"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Decision(models.TextChoices):
        NONE = "", _("Not decided")
        WINNER = "winner", _("Winner")
        NOT_SELECTED = "not_selected", _("Not selected")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    # The applicant municipality: the tenant of the application.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="competition_applications")
    practice = models.OneToOneField(Practice, on_delete=models.PROTECT, related_name="competition_application")
    theme = models.ForeignKey(CallTheme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("theme"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    content_sha256 = models.CharField(_("content hash (SHA-256)"), max_length=64, blank=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(submitted_at__isnull=False), name="application_submitted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.practice.title

    @property
    def title(self) -> str:
        return self.practice.title

    @property
    def is_winner(self) -> bool:
        return self.decision == self.Decision.WINNER


class ConflictDeclaration(models.Model):
    """A reviewer declared a conflict of interest with an applicant municipality in a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competition_conflicts")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer", "organization"], name="conflict_unique_per_reviewer_org")
        ]


class Assignment(models.Model):
    """A reviewer assigned to an application; the review lives on it."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        SUBMITTED = "submitted", _("Review submitted")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competition_assignments")
    manual = models.BooleanField(_("assigned by hand"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ASSIGNED, db_index=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("review submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "application", "id"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_unique_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["assignment", "criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique_per_criterion")]
