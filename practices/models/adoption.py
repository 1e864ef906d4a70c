"""Municipality B records that it plans, is adopting, has adopted or abandoned practice P of municipality A.

The adoption row belongs to B (its tenant is B): B's editors write it, A only
reads it. Together the rows form the network of who learned from whom.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization, in_language

from .practice import Practice

__all__ = ["Adoption"]


class Adoption(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ADOPTING = "adopting", _("Adopting")
        ADOPTED = "adopted", _("Adopted")
        ABANDONED = "abandoned", _("Abandoned")

    organization = models.ForeignKey(
        Organization, verbose_name=_("adopting organization"), on_delete=models.CASCADE, related_name="adoptions"
    )
    practice = models.ForeignKey(Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="adoptions")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    date = models.DateField(_("date"))
    notes_ka = models.TextField(_("notes (Georgian)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(fields=["organization", "practice"], name="adoption_unique_per_organization_practice")
        ]

    def __str__(self) -> str:
        return f"{self.organization} ← {self.practice}"

    @property
    def notes(self) -> str:
        return in_language(self, "notes")
