"""The receipt and the dossier are real PDFs whose Georgian text, hash and Tbilisi time can be read back."""

import io
import logging
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pypdf
import pytest
from django.utils import translation
from fontTools.ttLib import TTFont

from competitions.documents import (
    FONTS,
    DossierData,
    ReceiptData,
    ReviewData,
    dossier_pdf,
    receipt_pdf,
)

TITLE = "რუსთავის მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
# One second before the seed's deadline (30 November 2025, end of day in Tbilisi), stated in UTC.
SUBMITTED = datetime(2025, 11, 30, 19, 59, 59, tzinfo=UTC)


def receipt(**changes) -> ReceiptData:
    data = {
        "call_title": "საუკეთესო პრაქტიკის პროგრამა", "edition": "2024–2025", "organization_name": "რუსთავის მუნიციპალიტეტი",
        "application_title": TITLE, "reference": "BP-2025-0042", "submitted_at": SUBMITTED, "content_sha256": SHA,
        "language": "ka",
    }  # fmt: skip
    return ReceiptData(**{**data, **changes})


def read(pdf: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # Words are compared without the line breaks that wrapping puts between them.
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def fonts_of(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_the_shipped_font_covers_georgian_mkhedruli():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONTS / name).getBestCmap()
        assert all(code in cmap for code in range(0x10D0, 0x10FB)), name  # ა … ჺ, every letter in use
    assert (FONTS / "LICENSE").read_text().count("Bitstream Vera") >= 1


def test_the_receipt_is_one_page_in_georgian_with_the_title_hash_and_tbilisi_time(caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        reader, pages = read(receipt_pdf(receipt()))
    assert len(pages) == 1
    [text] = pages
    assert TITLE in text
    assert SHA in text
    assert "30.11.2025 23:59:59 (Asia/Tbilisi)" in text
    assert "BP-2025-0042" in text
    assert "რუსთავის მუნიციპალიტეტი" in text
    assert "განაცხადის მიღების ქვითარი" in text
    assert "Submission receipt" not in text
    assert reader.metadata.title == "განაცხადის მიღების ქვითარი"
    # The shipped regular and bold faces, embedded as subsets ("/ABCDEF+DejaVuSansBook").
    assert {name.split("+")[-1] for name in fonts_of(reader)} == {"DejaVuSansBook", "DejaVuSansBold"}
    assert not [record for record in caplog.records if "missing" in record.getMessage()]  # every glyph was found


def test_the_receipt_in_english():
    _, [text] = read(receipt_pdf(receipt(language="en")))
    assert "Submission receipt" in text
    assert "Submitted at 30.11.2025 23:59:59 (Asia/Tbilisi)" in text


def test_the_receipt_prints_any_offset_in_tbilisi_time():
    # 23:59:59 in Tbilisi (UTC+4) is 22:59:59 in Istanbul (UTC+3).
    _, [text] = read(receipt_pdf(receipt(submitted_at=datetime(2025, 11, 30, 22, 59, 59, tzinfo=timezone(timedelta(hours=3))))))
    assert "30.11.2025 23:59:59 (Asia/Tbilisi)" in text


def test_the_receipt_refuses_a_naive_time():
    with pytest.raises(ValueError, match="naive"):
        receipt_pdf(receipt(submitted_at=datetime(2025, 11, 30, 23, 59, 59)))  # the naive time, refused


def test_a_long_title_keeps_the_receipt_on_one_page():
    long_title = " ".join([TITLE] * 8)
    _, pages = read(receipt_pdf(receipt(application_title=long_title)))
    assert len(pages) == 1
    assert long_title in pages[0]


def test_the_receipt_language_does_not_leak_into_the_request():
    with translation.override("en"):
        receipt_pdf(receipt(language="ka"))
        assert translation.get_language() == "en"


ACTIVITY = ("I ეტაპი", "ცენტრის შექმნა", "ახალი ერთეული")
LONG = " ".join(["მუნიციპალიტეტმა შექმნა სერვისების განვითარების ცენტრი, რომელიც აწყობს ტრენინგებს."] * 120)


def dossier(**changes) -> DossierData:
    data = {
        "title": TITLE, "organization": "რუსთავის მუნიციპალიტეტი", "call": "საუკეთესო პრაქტიკის პროგრამა 2024–2025",
        "theme": "ინტერმუნიციპალური თანამშრომლობა",
        "sections": [
            ("6. მოკლე აღწერა", [("გამოწვევა", LONG), ("მოკლე აღწერა", "ცენტრი აწყობს საინფორმაციო ტურებს.")]),
            ("8. მიღწეული შედეგი და დადებითი გავლენა", [("", "ჩამოყალიბდა საერთო სამუშაო ქსელი — ბოლო აბზაცი.")]),
        ],
        "activities": [("I ეტაპი", "ცენტრის შექმნა", "ახალი ერთეული"), ("II ეტაპი", "გადამზადება", "კომპეტენტური გუნდი")],
        "reviews": [
            ReviewData("შემფასებელი 1", [("ინოვაციურობა", 5), ("შედეგი და გავლენა", Decimal("4.5"))], Decimal("4.70"),
                       "ძლიერი განაცხადი, გაზიარებადი მოდელი."),
            ReviewData("შემფასებელი 2", [("ინოვაციურობა", 3), ("შედეგი და გავლენა", None)], Fraction(31, 8), ""),
        ],
        "total": Fraction(343, 80), "normalized": 0.8349, "disagreement": True, "rank": 1, "ranked_in_theme": 12, "language": "ka",
        "generated_at": datetime(2026, 1, 10, 8, 0, tzinfo=UTC),
    }  # fmt: skip
    return DossierData(**{**data, **changes})


def test_the_dossier_wraps_long_sections_onto_more_pages_and_keeps_every_part():
    _, pages = read(dossier_pdf(dossier()))
    assert len(pages) >= 3
    text = " ".join(pages)
    assert TITLE in pages[0]
    assert "ინტერმუნიციპალური თანამშრომლობა" in pages[0]
    assert "ადგილი თემაში 12-დან 1" in pages[0]
    assert "10.01.2026 12:00:00 (Asia/Tbilisi)" in pages[0]
    assert LONG.split(". ")[0] in text
    assert "ჩამოყალიბდა საერთო სამუშაო ქსელი — ბოლო აბზაცი." in text  # after the long section, on a later page
    assert "ჩამოყალიბდა საერთო სამუშაო ქსელი" not in pages[0]
    assert "ცენტრის შექმნა" in text and "კომპეტენტური გუნდი" in text
    assert "ძლიერი განაცხადი, გაზიარებადი მოდელი." in pages[-1]
    assert "4.50" in pages[-1] and "4.70" in pages[-1]
    assert "3.88" in pages[-1]  # the scoring's exact 31/8, to two decimals
    assert "შეწონილი ჯამი 4.29" in pages[0]  # 343/80 = 4.2875
    assert "0.83" in pages[0]
    assert "შემფასებლების შეფასებები ერთმანეთს მნიშვნელოვნად განსხვავდება" in pages[0]
    assert f"{TITLE} · {len(pages)}/{len(pages)}" in pages[-1]  # the footer counts the pages


def test_the_dossier_without_reviews_or_plan_is_still_complete():
    _, pages = read(dossier_pdf(dossier(reviews=[], activities=[], total=None, normalized=None, disagreement=False,
                                        rank=None, ranked_in_theme=None, language="en")))  # fmt: skip
    text = " ".join(pages)
    assert "Weighted total" not in text and "disagree" not in text
    assert "Reviews" not in text and "Activity plan" not in text
    assert "Applicant რუსთავის მუნიციპალიტეტი" in text


def test_an_activity_longer_than_a_page_is_written_out_in_full():
    long_activity = " ".join(f"აქტივობა{number}" for number in range(3000))
    _, pages = read(dossier_pdf(dossier(activities=[ACTIVITY, ("II ეტაპი", long_activity, "შედეგი"), ACTIVITY])))
    text = " ".join(pages)
    assert all(f"აქტივობა{number} " in text for number in (0, 1500, 2998))
    assert "აქტივობა2999" in text
    assert text.count("ცენტრის შექმნა") == 2  # the rows around it are still in their tables


def test_the_lari_sign_the_font_lacks_is_written_out(caplog):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        _, pages = read(dossier_pdf(dossier(sections=[("7. დეტალური აღწერა", [("ბიუჯეტი", "12 500 ₾ და 3000₾")])])))
    assert "12 500 GEL და 3000 GEL" in pages[0]
    assert not [record for record in caplog.records if "missing" in record.getMessage()]


def test_a_glyph_the_font_lacks_is_reported(caplog):
    # The check the tests above rely on: fpdf2 names the characters it could not draw.
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        dossier_pdf(dossier(sections=[("x", [("y", "中")])]))
    assert [record for record in caplog.records if "missing the following glyphs" in record.getMessage()]
