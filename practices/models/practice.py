"""A practice as NALA's Best Practice Programme application form describes it (DOMAIN.md, seed 002).

Every numbered section of the form is a real field. Text fields come in
pairs: `<name>_ka` (Georgian) and `<name>_en` (English, optional); only the
Georgian title is required. Long texts are Markdown.
"""

from django.core.validators import MinValueValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipalities.models import in_language

from .base import Content, Term, Vocabulary

__all__ = ["Practice", "PracticeActivity", "PRACTICE_SECTIONS", "PRACTICE_FORM_FIELDS"]


def _with_language(label: str, language: str):
    if language == "ka":
        suffix = pgettext_lazy("language of a text field", "Georgian")
    else:
        suffix = pgettext_lazy("language of a text field", "English")
    return format_lazy("{} ({})", label, suffix)


def _text(label: str, language: str) -> models.TextField:
    field = models.TextField(_with_language(label, language), blank=True)
    # Pages show one language at a time, under the label without "(Georgian)".
    field.base_label = label
    return field


def _line(label: str, language: str) -> models.CharField:
    field = models.CharField(_with_language(label, language), max_length=300, blank=True)
    field.base_label = label
    return field


class Practice(Content):
    themes = models.ManyToManyField(
        Term, verbose_name=_("themes"), related_name="practices", blank=True, limit_choices_to={"vocabulary": Vocabulary.THEME}
    )
    # 3. Author / initiator
    initiator_ka = _line(_("initiator"), "ka")
    initiator_en = _line(_("initiator"), "en")
    period_start = models.DateField(_("start of the period"), null=True, blank=True)
    period_end = models.DateField(_("end of the period"), null=True, blank=True)
    # 4. General data of the municipality
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    municipality_profile_ka = _text(_("location, status and units of the municipality"), "ka")
    municipality_profile_en = _text(_("location, status and units of the municipality"), "en")
    # 5. Characteristics
    internal_factors_ka = _text(_("internal factors"), "ka")
    internal_factors_en = _text(_("internal factors"), "en")
    external_factors_ka = _text(_("external factors"), "ka")
    external_factors_en = _text(_("external factors"), "en")
    # 6. Short description
    challenge_ka = _text(_("challenge"), "ka")
    challenge_en = _text(_("challenge"), "en")
    short_description_ka = _text(_("short description"), "ka")
    short_description_en = _text(_("short description"), "en")
    # 7. Detailed description (the activity plan is PracticeActivity)
    detailed_description_ka = _text(_("project content"), "ka")
    detailed_description_en = _text(_("project content"), "en")
    decisions_documents_ka = _text(_("decisions and documents adopted"), "ka")
    decisions_documents_en = _text(_("decisions and documents adopted"), "en")
    engagement_ka = _text(_("engagement of citizens, groups and organisations"), "ka")
    engagement_en = _text(_("engagement of citizens, groups and organisations"), "en")
    resources_human_ka = _text(_("human resources"), "ka")
    resources_human_en = _text(_("human resources"), "en")
    resources_financial_ka = _text(_("financial resources"), "ka")
    resources_financial_en = _text(_("financial resources"), "en")
    budget_gel = models.DecimalField(
        _("budget (GEL)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    resources_technical_ka = _text(_("technical resources"), "ka")
    resources_technical_en = _text(_("technical resources"), "en")
    problems_solutions_ka = _text(_("problems met and how they were solved"), "ka")
    problems_solutions_en = _text(_("problems met and how they were solved"), "en")
    partners_ka = _text(_("partners"), "ka")
    partners_en = _text(_("partners"), "en")
    other_information_ka = _text(_("other information"), "ka")
    other_information_en = _text(_("other information"), "en")
    # 8. Results
    results_ka = _text(_("results achieved and positive impact"), "ka")
    results_en = _text(_("results achieved and positive impact"), "en")
    # 9. Experience and conclusions
    success_factors_ka = _text(_("success factors"), "ka")
    success_factors_en = _text(_("success factors"), "en")
    sustainability_service_delivery_ka = _text(_("change in service delivery"), "ka")
    sustainability_service_delivery_en = _text(_("change in service delivery"), "en")
    sustainability_budget_ka = _text(_("change in budget"), "ka")
    sustainability_budget_en = _text(_("change in budget"), "en")
    sustainability_public_support_ka = _text(_("public support"), "ka")
    sustainability_public_support_en = _text(_("public support"), "en")
    sustainability_next_year_budget_ka = _text(_("inclusion in next year's budget"), "ka")
    sustainability_next_year_budget_en = _text(_("inclusion in next year's budget"), "en")
    # 10. Role of the council (Sakrebulo)
    council_role_ka = _text(_("role in planning, implementation and evaluation"), "ka")
    council_role_en = _text(_("role in planning, implementation and evaluation"), "en")
    council_selection_ka = _text(_("role in selecting the practice"), "ka")
    council_selection_en = _text(_("role in selecting the practice"), "en")
    council_factions_ka = _text(_("attitude of the council's factions"), "ka")
    council_factions_en = _text(_("attitude of the council's factions"), "en")
    # 11. Future plans
    future_plans_ka = _text(_("future plans"), "ka")
    future_plans_en = _text(_("future plans"), "en")
    # 12. Contact information
    contact_name = models.CharField(_("person responsible for the application"), max_length=200, blank=True)
    contact_position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    project_contacts_ka = _text(_("project contact persons"), "ka")
    project_contacts_en = _text(_("project contact persons"), "en")
    # 13. Attached documents: files are attachments; links to reports, plans, photos and videos here.
    document_links_ka = _text(_("links to documents, reports, photos and videos"), "ka")
    document_links_en = _text(_("links to documents, reports, photos and videos"), "en")

    class Meta(Content.Meta):
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            *Content.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True) | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="practice_period_order",
            ),
        ]

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": [_("The period cannot end before it starts.")]}, code="period_order")

    def search_text(self) -> str:
        fields = ("initiator", "challenge", "short_description", "detailed_description", "results", "partners")
        return "\n".join(getattr(self, f"{name}_{language}") for name in fields for language in ("ka", "en"))

    def search_tags(self) -> list[str]:
        return [theme.slug for theme in self.themes.all()]

    def snapshot(self) -> dict:
        data = super().snapshot()
        data["activities"] = [
            {"stage_ka": row.stage_ka, "stage_en": row.stage_en, "activity_ka": row.activity_ka,
             "activity_en": row.activity_en, "result_ka": row.result_ka, "result_en": row.result_en}
            for row in self.activities.all()
        ]  # fmt: skip
        return data


class PracticeActivity(models.Model):
    """One row of the activity plan table (section 7): stage, activity, result."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    stage_ka = models.CharField(_("stage (Georgian)"), max_length=300, blank=True)
    stage_en = models.CharField(_("stage (English)"), max_length=300, blank=True)
    activity_ka = models.TextField(_("activity (Georgian)"))
    activity_en = models.TextField(_("activity (English)"), blank=True)
    result_ka = models.TextField(_("result (Georgian)"), blank=True)
    result_en = models.TextField(_("result (English)"), blank=True)

    class Meta:
        ordering = ["practice", "position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity plan")

    def __str__(self) -> str:
        return self.activity_ka[:80]

    @property
    def stage(self) -> str:
        return in_language(self, "stage")

    @property
    def activity(self) -> str:
        return in_language(self, "activity")

    @property
    def result(self) -> str:
        return in_language(self, "result")


# The form's sections in order: (heading, bilingual field bases or plain fields). Forms and pages follow it.
PRACTICE_SECTIONS = [
    ("1", _("Title of the practice"), ["title"]),
    ("2", _("Theme"), ["themes"]),
    ("3", _("Author / initiator and period"), ["initiator", "period_start", "period_end"]),
    ("4", _("General data of the municipality"), ["population", "municipality_profile"]),
    ("5", _("Characteristics"), ["internal_factors", "external_factors"]),
    ("6", _("Short description"), ["challenge", "short_description"]),
    ("7", _("Detailed description"), [
        "detailed_description", "activities", "decisions_documents", "engagement", "resources_human",
        "resources_financial", "budget_gel", "resources_technical", "problems_solutions", "partners", "other_information",
    ]),
    ("8", _("Results achieved and positive impact"), ["results"]),
    ("9", _("Experience and conclusions"), [
        "success_factors", "sustainability_service_delivery", "sustainability_budget",
        "sustainability_public_support", "sustainability_next_year_budget",
    ]),
    ("10", _("Role of the council (Sakrebulo)"), ["council_role", "council_selection", "council_factions"]),
    ("11", _("Future plans"), ["future_plans"]),
    ("12", _("Contact information"), ["contact_name", "contact_position", "contact_email", "contact_phone", "project_contacts"]),
    ("13", _("Attached documents"), ["document_links"]),
]  # fmt: skip


# Every field of the NALA form besides the title, themes and activity plan, in form order.
PRACTICE_FORM_FIELDS = [
    "initiator_ka", "initiator_en", "period_start", "period_end", "population",
    "municipality_profile_ka", "municipality_profile_en", "internal_factors_ka", "internal_factors_en",
    "external_factors_ka", "external_factors_en", "challenge_ka", "challenge_en",
    "short_description_ka", "short_description_en", "detailed_description_ka", "detailed_description_en",
    "decisions_documents_ka", "decisions_documents_en", "engagement_ka", "engagement_en",
    "resources_human_ka", "resources_human_en", "resources_financial_ka", "resources_financial_en", "budget_gel",
    "resources_technical_ka", "resources_technical_en", "problems_solutions_ka", "problems_solutions_en",
    "partners_ka", "partners_en", "other_information_ka", "other_information_en", "results_ka", "results_en",
    "success_factors_ka", "success_factors_en",
    "sustainability_service_delivery_ka", "sustainability_service_delivery_en",
    "sustainability_budget_ka", "sustainability_budget_en",
    "sustainability_public_support_ka", "sustainability_public_support_en",
    "sustainability_next_year_budget_ka", "sustainability_next_year_budget_en",
    "council_role_ka", "council_role_en", "council_selection_ka", "council_selection_en",
    "council_factions_ka", "council_factions_en", "future_plans_ka", "future_plans_en",
    "contact_name", "contact_position", "contact_email", "contact_phone",
    "project_contacts_ka", "project_contacts_en", "document_links_ka", "document_links_en",
]  # fmt: skip
