"""What a signed-in person follows (themes, organizations, single practices) and their weekly digest.

A follow is personal, not a tenant's row: it belongs to the user. The digest
subscription keeps the language the digest is written in and the secret of the
one-click unsubscribe link.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class Follow(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        ORGANIZATION = "organization", _("Organization")
        PRACTICE = "practice", _("Practice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    theme = models.ForeignKey(
        "practices.Term", verbose_name=_("theme"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "municipalities.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    practice = models.ForeignKey(
        "practices.Practice", verbose_name=_("practice"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-created_at", "-id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="theme", theme__isnull=False, organization__isnull=True, practice__isnull=True)
                    | models.Q(kind="organization", theme__isnull=True, organization__isnull=False, practice__isnull=True)
                    | models.Q(kind="practice", theme__isnull=True, organization__isnull=True, practice__isnull=False)
                ),
                name="follow_exactly_one_target_of_its_kind",
            ),
            models.UniqueConstraint(fields=["user", "theme"], name="follow_unique_theme", condition=models.Q(kind="theme")),
            models.UniqueConstraint(
                fields=["user", "organization"], name="follow_unique_organization", condition=models.Q(kind="organization")
            ),
            models.UniqueConstraint(
                fields=["user", "practice"], name="follow_unique_practice", condition=models.Q(kind="practice")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        return getattr(self, self.kind)


class DigestSubscription(models.Model):
    """One per person who follows something: the weekly digest's language, state and unsubscribe secret."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    is_active = models.BooleanField(_("weekly digest"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_unsubscribe_token, editable=False)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return str(self.user)
