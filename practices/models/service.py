"""Municipal service descriptions shaped like CPSV-AP's PublicService (seeds 001, 003).

The competent authority is the owner organization; the category comes from a
managed list so the same service can be compared across municipalities.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import in_language

from .base import Content, Term, Vocabulary

__all__ = ["Channel", "RequiredDocument", "ServiceDescription"]


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")


class ServiceDescription(Content):
    identifier = models.CharField(_("identifier"), max_length=100)
    description_ka = models.TextField(_("description (Georgian, Markdown)"), blank=True)
    description_en = models.TextField(_("description (English, Markdown)"), blank=True)
    category = models.ForeignKey(
        Term,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="service_descriptions",
        limit_choices_to={"vocabulary": Vocabulary.SERVICE_CATEGORY},
    )
    output_ka = models.CharField(_("output (Georgian)"), max_length=500, blank=True)
    output_en = models.CharField(_("output (English)"), max_length=500, blank=True)
    cost_gel = models.DecimalField(
        _("cost (GEL)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    processing_time_days = models.PositiveSmallIntegerField(_("processing time (days)"))
    # A short list of Channel values; a JSON list keeps the CPSV-AP shape (hasChannel is multi-valued).
    channels = models.JSONField(_("channels"), default=list, blank=True)
    legal_basis_ka = models.TextField(_("legal basis (Georgian)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    responsible_unit_ka = models.CharField(_("responsible unit (Georgian)"), max_length=300, blank=True)
    responsible_unit_en = models.CharField(_("responsible unit (English)"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta(Content.Meta):
        verbose_name = _("service description")
        verbose_name_plural = _("service descriptions")
        constraints = [
            *Content.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "identifier"], name="service_unique_identifier_per_organization"),
            models.CheckConstraint(condition=models.Q(cost_gel__gte=0), name="service_cost_not_negative"),
        ]
        # The inherited index name would exceed the 30 characters Django allows.
        indexes = [models.Index(fields=["status", "-updated_at"], name="service_status_updated")]

    def search_text(self) -> str:
        return self.bilingual_text("description", "output", "responsible_unit")

    def snapshot(self) -> dict:
        data = super().snapshot()
        data["category"] = self.category.slug
        data["required_documents"] = [[document.name_ka, document.name_en] for document in self.required_documents.all()]
        return data

    def clean(self) -> None:
        if not isinstance(self.channels, list) or any(value not in Channel.values for value in self.channels):
            raise ValidationError(
                {"channels": _("Choose channels from: %(choices)s.") % {"choices": ", ".join(Channel.values)}}
            )
        self.channels = [value for value in Channel.values if value in self.channels]

    @property
    def description(self) -> str:
        return in_language(self, "description")

    @property
    def output(self) -> str:
        return in_language(self, "output")

    @property
    def legal_basis(self) -> str:
        return in_language(self, "legal_basis")

    @property
    def responsible_unit(self) -> str:
        return in_language(self, "responsible_unit")

    def get_channels_display(self) -> list[str]:
        return [Channel(value).label for value in self.channels if value in Channel.values]


class RequiredDocument(models.Model):
    service = models.ForeignKey(ServiceDescription, on_delete=models.CASCADE, related_name="required_documents")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_ka = models.CharField(_("document (Georgian)"), max_length=300)
    name_en = models.CharField(_("document (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")
