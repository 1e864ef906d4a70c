"""PDFs of the Best Practice Programme: the submission receipt and a reviewer's dossier of one application.

Made with fpdf2: pure Python (no system libraries such as Cairo or Pango, unlike WeasyPrint), maintained, and
it embeds a Unicode TrueType font as a subset with its ToUnicode map, so Georgian both renders and can be
copied or searched in the PDF. The font, DejaVu Sans, ships in `competitions/fonts/` with its licence (it covers
Georgian Mkhedruli, U+10D0–U+10FA), so neither production nor CI depend on a system font package. It has no
lari sign (₾): every ₾ is printed as "GEL".

The modules take plain data and return bytes; the caller loads what to print and decides who may see it.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

__all__ = ["DossierData", "ReceiptData", "ReviewData", "dossier_pdf", "receipt_pdf"]

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
TBILISI = ZoneInfo("Asia/Tbilisi")
LINE = 6
GRID_LINE = 5
GRID_PADDING = 1.5
Number = Decimal | Fraction | int | float


@dataclass(frozen=True)
class ReceiptData:
    call_title: str
    edition: str
    organization_name: str
    application_title: str
    reference: str
    submitted_at: datetime  # aware; printed in Asia/Tbilisi
    content_sha256: str
    language: str = "ka"


@dataclass(frozen=True)
class ReviewData:
    reviewer: str  # a label such as "Reviewer 2", never a name unless the call shows names
    scores: list[tuple[str, Number | None]]  # (criterion, score), in the rubric's order
    weighted_total: Number | None
    comment: str = ""


@dataclass(frozen=True)
class DossierData:
    title: str
    organization: str
    call: str
    theme: str
    sections: list[tuple[str, list[tuple[str, str]]]]  # (heading, [(label, text)]) in the form's order
    activities: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, activity, result)
    reviews: list[ReviewData] = field(default_factory=list)
    total: Number | None = None  # the application's weighted total, the mean of its reviews'
    normalized: float | None = None  # the mean z-score of its reviews, when the call normalises
    rank: int | None = None  # in its theme
    ranked_in_theme: int | None = None
    disagreement: bool = False  # the reviewers' totals spread widely
    language: str = "ka"
    generated_at: datetime | None = None  # aware; printed in Asia/Tbilisi


def tbilisi_time(moment: datetime) -> str:
    """`30.11.2025 23:59:59 (Asia/Tbilisi)`: the day first, as Georgia writes it, to the second."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime cannot be placed in Asia/Tbilisi")
    return f"{moment.astimezone(TBILISI):%d.%m.%Y %H:%M:%S} (Asia/Tbilisi)"


def _number(value: Number | None) -> str:
    """Scores as printed: integers as they are, anything else to two decimals (the scoring's exact Fractions too)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


class _Document(FPDF):
    def __init__(self, *, title: str, footer: str, language: str):
        super().__init__(format="A4", unit="mm")
        self.footer_text = footer
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("Municipal Knowledge Hub")
        self.alias_nb_pages()

    def normalize_text(self, text: str) -> str:
        # Every text fpdf2 prints passes here: the lari sign the font lacks is written out.
        return super().normalize_text(text.replace("₾", " GEL").replace("  GEL", " GEL"))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: int = 10, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, LINE if size >= 10 else 5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        """Label and value side by side, the value wrapping in its column."""
        with self.table(col_widths=(55, 119), first_row_as_headings=False, line_height=LINE, padding=1.5) as table:
            for label, value in rows:
                row = table.row()
                self.set_font(FAMILY, "B", 10)
                row.cell(label)
                self.set_font(FAMILY, "", 10)
                row.cell(value)
        self.set_font(FAMILY, "", 10)

    def grid(self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
        """A table; a row too tall for one page (fpdf2 cannot split a row) is written out as paragraphs instead."""
        self.set_font(FAMILY, "", 9)
        chunk: list[list[str]] = []
        for row in rows:
            if self._fits(row, widths):
                chunk.append(row)
                continue
            self._table(headers, chunk, widths)
            chunk = []
            for header, text in zip(headers, row, strict=True):
                self.paragraph(header, size=9, bold=True)
                self.paragraph(text or "—", size=9)
            self.ln(2)
            self.set_font(FAMILY, "", 9)
        self._table(headers, chunk, widths)
        self.set_font(FAMILY, "", 10)

    def _fits(self, row: list[str], widths: tuple[float, ...]) -> bool:
        room = self.h - self.t_margin - self.b_margin - 2 * GRID_LINE  # a page, less the header row
        for text, width in zip(row, widths, strict=True):
            lines = self.multi_cell(width - 2 * GRID_PADDING, GRID_LINE, text, dry_run=True, output="LINES")
            if len(lines) * GRID_LINE + 2 * GRID_PADDING > room:
                return False
        return True

    def _table(self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
        if not rows:
            return
        style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=(235, 235, 235))
        with self.table(col_widths=widths, line_height=GRID_LINE, padding=GRID_PADDING, headings_style=style) as table:
            table.row(headers)
            for values in rows:
                table.row(values)


def receipt_pdf(receipt: ReceiptData) -> bytes:
    """A one-page receipt: what was submitted, by whom, when (Asia/Tbilisi), and the content's SHA-256."""
    with translation.override(receipt.language):
        title = _("Submission receipt")
        pdf = _Document(title=title, footer=f"{receipt.call_title} {receipt.edition}", language=receipt.language)
        pdf.set_creation_date(receipt.submitted_at)
        pdf.add_page()
        pdf.paragraph(f"{receipt.call_title} {receipt.edition}", size=11)
        pdf.ln(2)
        pdf.heading(title, size=18)
        pdf.pairs([
            (_("Application"), receipt.application_title),
            (_("Applicant"), receipt.organization_name),
            (_("Reference"), receipt.reference),
            (_("Submitted at"), tbilisi_time(receipt.submitted_at)),
        ])  # fmt: skip
        pdf.ln(4)
        pdf.paragraph(_("Content fingerprint (SHA-256)"), bold=True)
        pdf.set_font(FAMILY, "", 9)
        pdf.multi_cell(0, 5, receipt.content_sha256, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)
        pdf.paragraph(
            _("The application was received in full at the time above. The fingerprint is calculated from its "
              "content as submitted: any later change to the content gives a different fingerprint. Keep this "
              "receipt; quote the reference in any correspondence about the application."),
            size=9,
        )  # fmt: skip
    return bytes(pdf.output())


def dossier_pdf(dossier: DossierData) -> bytes:
    """One application for the deliberation: the form's sections, the activity plan, the reviews and totals."""
    with translation.override(dossier.language):
        pdf = _Document(title=dossier.title, footer=dossier.title, language=dossier.language)
        if dossier.generated_at is not None:
            pdf.set_creation_date(dossier.generated_at)
        pdf.add_page()
        pdf.paragraph(dossier.call, size=11)
        pdf.ln(2)
        pdf.heading(dossier.title)
        summary = [(_("Applicant"), dossier.organization), (_("Theme"), dossier.theme)]
        if dossier.total is not None:
            summary.append((_("Weighted total"), _number(dossier.total)))
        if dossier.normalized is not None:
            summary.append((_("Normalised score (z)"), _number(dossier.normalized)))
        if dossier.disagreement:
            summary.append((_("Reviewers disagree"), _("The reviewers' totals are far apart.")))
        if dossier.rank is not None:
            rank = str(dossier.rank)
            if dossier.ranked_in_theme is not None:
                rank = _("%(rank)d of %(count)d") % {"rank": dossier.rank, "count": dossier.ranked_in_theme}
            summary.append((_("Rank in the theme"), rank))
        if dossier.generated_at is not None:
            summary.append((_("Prepared at"), tbilisi_time(dossier.generated_at)))
        pdf.pairs(summary)
        pdf.ln(4)
        for heading, items in dossier.sections:
            pdf.heading(heading, size=13)
            for label, text in items:
                if label:
                    pdf.paragraph(label, bold=True)
                pdf.paragraph(text or "—")
                pdf.ln(1.5)
            pdf.ln(2)
        if dossier.activities:
            pdf.heading(_("Activity plan"), size=13)
            pdf.grid([_("Stage"), _("Activity"), _("Result")], [list(row) for row in dossier.activities], (35, 70, 69))
            pdf.ln(4)
        if dossier.reviews:
            pdf.add_page()
            pdf.heading(_("Reviews"), size=15)
            for review in dossier.reviews:
                pdf.heading(review.reviewer, size=12)
                rows = [[criterion, _number(score)] for criterion, score in review.scores]
                rows.append([_("Weighted total"), _number(review.weighted_total)])
                pdf.grid([_("Criterion"), _("Score")], rows, (134, 40))
                if review.comment:
                    pdf.ln(1)
                    pdf.paragraph(review.comment)
                pdf.ln(4)
    return bytes(pdf.output())
