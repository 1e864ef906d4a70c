"""Training modules (content) and the sessions that deliver them (seed 001).

A module belongs to the organization that publishes it, which need not be
the one teaching it (`provider`). A session belongs to its host
organization, which is the tenant that may edit it; sessions have no
publish workflow of their own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization, in_language

from .action_plan import check_date_order
from .base import Content, Term, Vocabulary

__all__ = ["SessionParticipation", "TrainingModule", "TrainingSession", "TRAINING_MODULE_FIELDS"]


class TrainingModule(Content):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")

    class DurationUnit(models.TextChoices):
        HOURS = "hours", _("hours")
        DAYS = "days", _("days")

    class Accreditation(models.TextChoices):
        NOT_ACCREDITED = "not_accredited", _("Not accredited")
        PENDING = "pending", _("Accreditation pending")
        ACCREDITED = "accredited", _("Accredited")

    direction = models.ForeignKey(
        Term,
        verbose_name=_("direction"),
        on_delete=models.PROTECT,
        related_name="training_modules",
        limit_choices_to={"vocabulary": Vocabulary.TRAINING_DIRECTION},
    )
    learning_objectives_ka = models.TextField(_("learning objectives (Georgian, Markdown)"), blank=True)
    learning_objectives_en = models.TextField(_("learning objectives (English, Markdown)"), blank=True)
    audience_ka = models.CharField(_("audience (Georgian)"), max_length=500, blank=True)
    audience_en = models.CharField(_("audience (English)"), max_length=500, blank=True)
    duration_value = models.PositiveSmallIntegerField(_("duration"))
    duration_unit = models.CharField(_("duration unit"), max_length=8, choices=DurationUnit.choices, default=DurationUnit.DAYS)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provided_training_modules",
    )
    materials_ka = models.TextField(_("materials (Georgian, Markdown)"), blank=True)
    materials_en = models.TextField(_("materials (English, Markdown)"), blank=True)
    accreditation = models.CharField(
        _("accreditation status"), max_length=16, choices=Accreditation.choices, default=Accreditation.NOT_ACCREDITED
    )

    class Meta(Content.Meta):
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            *Content.Meta.constraints,
            models.CheckConstraint(condition=models.Q(duration_value__gt=0), name="training_module_duration_positive"),
        ]

    def search_text(self) -> str:
        return self.bilingual_text("learning_objectives", "audience")

    def snapshot(self) -> dict:
        data = super().snapshot()
        data["direction"] = self.direction.slug
        data["provider"] = self.provider.slug if self.provider else None
        return data

    @property
    def learning_objectives(self) -> str:
        return in_language(self, "learning_objectives")

    @property
    def audience(self) -> str:
        return in_language(self, "audience")

    @property
    def materials(self) -> str:
        return in_language(self, "materials")


class TrainingSession(models.Model):
    module = models.ForeignKey(TrainingModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="sessions")
    # Named like Content's owner so tenant permissions treat sessions like every other owned row.
    organization = models.ForeignKey(
        Organization, verbose_name=_("host organization"), on_delete=models.PROTECT, related_name="hosted_training_sessions"
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    location_ka = models.CharField(_("location (Georgian)"), max_length=300, blank=True)
    location_en = models.CharField(_("location (English)"), max_length=300, blank=True)
    trainers = models.CharField(_("trainers"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_session_date_order"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="training_session_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.module} · {self.organization} · {self.starts_on}"

    def clean(self) -> None:
        check_date_order(start=self.starts_on, end=self.ends_on, end_field="ends_on")

    @property
    def location(self) -> str:
        return in_language(self, "location")


class SessionParticipation(models.Model):
    """How many staff of one organization took part in a session."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="training_participations"
    )
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["session", "organization"], name="participation_unique_organization"),
            models.CheckConstraint(condition=models.Q(count__gt=0), name="participation_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.count}"


# The module fields forms and the API share, after the title, direction and provider.
TRAINING_MODULE_FIELDS = [
    "learning_objectives_ka", "learning_objectives_en", "audience_ka", "audience_en", "duration_value", "duration_unit",
    "format", "materials_ka", "materials_en", "accreditation",
]  # fmt: skip
