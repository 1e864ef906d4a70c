"""What the receipt, the dossier and the ranking export say, read from the database (the documents themselves
are made by the pure modules documents.py and exports.py)."""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from practices.models import PRACTICE_SECTIONS, Practice

from .documents import DossierData, ReceiptData, ReviewData, dossier_pdf, receipt_pdf
from .exports import table_csv, table_xlsx
from .models import Application, Assignment, Call
from .selectors import call_ranking

# Sections 1 and 2 are the title and the theme, printed at the top; the activity plan is a table of its own.
_SKIPPED = {"title", "themes", "activities"}


def application_receipt_pdf(*, application: Application, language: str = "ka") -> bytes:
    return receipt_pdf(
        ReceiptData(
            call_title=application.call.title_en if language == "en" and application.call.title_en else application.call.title_ka,
            edition=application.call.edition, organization_name=application.organization.name_ka,
            application_title=application.practice.title_ka, reference=application.reference,
            submitted_at=application.submitted_at, content_sha256=application.content_sha256, language=language,
        )
    )  # fmt: skip


def _section_texts(practice: Practice) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = []
    for number, heading, names in PRACTICE_SECTIONS:
        items = []
        for name in names:
            if name in _SKIPPED:
                continue
            field_name = f"{name}_ka" if hasattr(practice, f"{name}_ka") else name
            field = Practice._meta.get_field(field_name)
            value = getattr(practice, f"{name}_en") if translation.get_language() == "en" and getattr(practice, f"{name}_en", "") else getattr(practice, field_name)
            if value not in (None, ""):
                items.append((str(getattr(field, "base_label", field.verbose_name)), str(value)))
        if items:
            sections.append((f"{number}. {heading}", items))
    return sections


def application_dossier_pdf(*, application: Application, language: str = "ka") -> bytes:
    """The application's sections, plan, every submitted review (reviewers by number) and its rank in the theme."""
    call = application.call
    with translation.override(language):
        ranking = call_ranking(call=call, normalize=True)
        rows = next((rows for theme, rows in ranking.themes if theme.pk == application.theme_id), [])
        score = next((row.score for row in rows if row.application.pk == application.pk), None)
        criteria = list(call.criteria.all())
        weights = {criterion.pk: criterion.weight for criterion in criteria}
        reviews = []
        submitted = application.assignments.filter(status=Assignment.Status.SUBMITTED).prefetch_related("scores").order_by("id")
        for number, assignment in enumerate(submitted, start=1):
            values = {score.criterion_id: score.value for score in assignment.scores.all()}
            total = sum((weights[pk] * value for pk, value in values.items()), Decimal(0))
            reviews.append(
                ReviewData(
                    reviewer=_("Reviewer %(number)d") % {"number": number},
                    scores=[(criterion.name, values.get(criterion.pk)) for criterion in criteria],
                    weighted_total=total, comment=assignment.comment,
                )
            )  # fmt: skip
        practice = application.practice
        return dossier_pdf(
            DossierData(
                title=practice.title, organization=application.organization.name, call=f"{call.title} {call.edition}",
                theme=application.theme.name, sections=_section_texts(practice),
                activities=[(row.stage, row.activity, row.result) for row in practice.activities.all()],
                reviews=reviews, total=score.mean_total_exact if score else None,
                normalized=score.normalized if score else None, disagreement=bool(score and score.disagreement),
                rank=score.rank if score else None, ranked_in_theme=len([row for row in rows if row.score]) if score else None,
                language=language, generated_at=timezone.now(),
            )
        )  # fmt: skip


def ranking_table(*, call: Call, normalize: bool = False) -> tuple[list[str], list[list]]:
    headers = [
        _("Theme"), _("Rank"), _("Reference"), _("Application"), _("Municipality"), _("Reviews"), _("Weighted total"),
        _("z-score"), _("Spread"), _("Disagreement"), _("Decision"),
    ]  # fmt: skip
    rows = []
    for theme, ranked in call_ranking(call=call, normalize=normalize).themes:
        for row in ranked:
            score = row.score
            rows.append([
                theme.name, score.rank if score else None, row.application.reference, row.application.title,
                row.application.organization.name, score.n_reviews if score else 0,
                score.mean_total_exact if score else None,
                round(score.normalized, 4) if score and score.normalized is not None else None,
                score.spread_exact if score else None, _("yes") if score and score.disagreement else "",
                row.application.get_decision_display(),
            ])  # fmt: skip
    return headers, rows


def ranking_export(*, call: Call, file_format: str, normalize: bool = False) -> bytes:
    headers, rows = ranking_table(call=call, normalize=normalize)
    if file_format == "xlsx":
        return table_xlsx(headers, rows, sheet_title=_("Ranking"))
    return table_csv(headers, rows)
