"""NALA's form in Word: the blank form reads back, and filled forms in several layouts land in their fields.

The layouts are built here with python-docx the way applicants write them: the seed's own wording (seed 002),
headings as plain paragraphs, as Heading styles, as bold text or numbered by Word itself, sub-points in one
paragraph or several, an extra section, the activity table with or without its header row, English headings.
"""

import io
import os
import zipfile
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from competitions.wordform import (
    FormImport,
    blank_form_docx,
    filled_form_docx,
    parse_form_docx,
)
from practices.models.practice import PRACTICE_FORM_FIELDS, PRACTICE_SECTIONS

ACTIVITIES = [
    {"stage_ka": "I ეტაპი", "activity_ka": "ცენტრის შექმნის სამართლებრივი და ორგანიზაციული პროცესი",
     "result_ka": "ახალი სტრუქტურული ერთეულის ჩამოყალიბება"},
    {"stage_ka": "II ეტაპი", "activity_ka": "თანამშრომელთა შერჩევა და ინსტიტუციური ჩარჩოს ფორმირება",
     "result_ka": "კომპეტენტური გუნდის ჩამოყალიბება"},
    {"stage_ka": "III ეტაპი", "activity_ka": "სერვისების ანალიზი, მოსახლეობის საჭიროებების კვლევა",
     "result_ka": "მონაცემთა ბაზის შექმნა და რეკომენდაციები"},
]  # fmt: skip

# Realistic Georgian content for every text field of the form, in the seed's vocabulary.
TEXTS = {
    "initiator_ka": "რუსთავის მუნიციპალიტეტის მერია",
    "municipality_profile_ka": "რუსთავი მდებარეობს ქვემო ქართლის რეგიონში, თბილისიდან 25 კილომეტრში.\n\n"
                               "ადმინისტრაციულად რუსთავი იყოფა 10 ტერიტორიულ ერთეულად.",
    "internal_factors_ka": "მაღალკვალიფიციური საჯარო მოხელეები და საკუთარი შემოსავალი.",
    "external_factors_ka": "ეკონომიკური და სოციალური განვითარების მაღალი ტემპი.",
    "challenge_ka": "სამსახურებში ცვლილებები ხორციელდებოდა კოორდინაციის ერთიანი მექანიზმის გარეშე.",
    "short_description_ka": "შეიქმნა ცენტრი, რომელიც ავითარებს სერვისებს.\n\nცენტრი აწყობს საინფორმაციო ტურებს.",
    "detailed_description_ka": "ცენტრის მიზანია მუნიციპალური სერვისების მოდერნიზაცია.",
    "decisions_documents_ka": "საკრებულოს დადგენილება ცენტრის დაფუძნების შესახებ.",
    "engagement_ka": "ჩართულნი იყვნენ ახალგაზრდები, ქალები და არასამთავრობო ორგანიზაციები.",
    "resources_human_ka": "მერიის აპარატის თანამშრომლები და სპეციალისტები",
    "resources_financial_ka": "მუნიციპალური ბიუჯეტი",
    "resources_technical_ka": "ადმინისტრაციული ინფრასტრუქტურა და ანალიტიკური ინსტრუმენტები",
    "problems_solutions_ka": "მსგავსი ინსტიტუციური მოდელი საქართველოში არ არსებობდა; შეიქმნა სამუშაო ჯგუფები.",
    "partners_ka": "სახელმწიფო სერვისების განვითარების სააგენტო",
    "other_information_ka": "ცენტრი თანამშრომლობს ცხრა პილოტურ მუნიციპალიტეტთან.",
    "results_ka": "სხვა მუნიციპალიტეტების წარმომადგენლები ჩაერთნენ ტრენინგებში.\n\nჩამოყალიბდა საერთო სამუშაო ქსელი.",
    "success_factors_ka": "რუსთავი ერთ-ერთი პირველი ქალაქია, რომელმაც დანერგა ინსტიტუციური მოდელი.",
    "sustainability_service_delivery_ka": "გაუმჯობესდა მომსახურების ხარისხი და ეფექტიანობა.",
    "sustainability_budget_ka": "ახალი სამსახურის შესაქმნელად გამოიყო ბიუჯეტი.",
    "sustainability_public_support_ka": "პროექტს აქვს მაღალი საზოგადოებრივი მხარდაჭერა.",
    "sustainability_next_year_budget_ka": "ინიციატივა შეტანილია მომავალი წლის ბიუჯეტში.",
    "council_role_ka": "საკრებულომ მხარი დაუჭირა ბიუჯეტის ცვლილებას.",
    "council_selection_ka": "მონაწილეობა არ მიუღია.",
    "council_factions_ka": "დადებითი",
    "future_plans_ka": "ცენტრი გეგმავს ციფრული სერვისების განვითარებას და ტრენინგების აკრედიტაციას.",
    # The project's contacts with their own phone and e-mail lines, after the applicant's were filled.
    "project_contacts_ka": "თამარ კაპანაძე, ცენტრის კოორდინატორი\n\nტელ: 555 11 22 33\n\nელ-ფოსტა: tamar@example.ge",
    "document_links_ka": "https://rustavi.example.ge/reports/2024",
}  # fmt: skip
VALUES = {
    "title_ka": "რუსთავის მუნიციპალური რეფორმებისა და სერვისების განვითარების ცენტრი",
    "themes": ["ინტერმუნიციპალური თანამშრომლობა", "ელექტრონული მმართველობა"],
    **TEXTS,
    "period_start": date(2024, 1, 15),
    "period_end": date(2025, 6, 30),
    "population": 125000,
    "budget_gel": Decimal("12500.50"),
    "contact_name": "ნინო ბერიძე",
    "contact_position": "ცენტრის დირექტორი",
    "contact_email": "nino.beridze@example.ge",
    "contact_phone": "+995 555 10 20 30",
}


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def test_the_sample_covers_every_field_of_the_form():
    bilingual = {name for name in PRACTICE_FORM_FIELDS if name.endswith("_ka")}
    plain = {name for name in PRACTICE_FORM_FIELDS if not name.endswith(("_ka", "_en"))}
    assert set(VALUES) == bilingual | plain | {"title_ka", "themes"}


def placed(result: FormImport) -> dict:
    """The values the document filled (the others are empty)."""
    return {key: value for key, value in result.values.items() if value not in ("", None, [])}


def test_the_blank_form_reads_back_empty_and_complete():
    result = parse_form_docx(blank_form_docx())
    empty = {key: "" for key in VALUES} | {"themes": [], "period_start": None, "period_end": None, "population": None,
                                           "budget_gel": None}  # fmt: skip
    assert result == FormImport(values=empty, activities=[], unplaced=[], warnings=[], language="ka")


def test_the_blank_form_has_every_numbered_heading_the_labels_the_letters_and_the_plan_table():
    document = docx.Document(io.BytesIO(blank_form_docx()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. პრაქტიკის/ინიციატივის სათაური"
    assert headings[5] == "6. მოკლე აღწერა"
    assert [h.split(".")[0] for h in headings] == [number for number, _, _ in PRACTICE_SECTIONS]
    texts = [p.text for p in document.paragraphs]
    assert "შიდა ფაქტორები:" in texts
    assert ["ა) ადამიანური რესურსები:", "ბ) ფინანსური რესურსები:", "გ) ტექნიკური რესურსები:"] == [
        t for t in texts if t[:2] in ("ა)", "ბ)", "გ)") and "რესურს" in t
    ]
    assert "დ) მომდევნო წლის ბიუჯეტში ასახვა:" in texts
    assert not any(t.startswith("ა)") and "საკრებულო" in t for t in texts)  # only the form's lettered groups
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["ეტაპი", "საქმიანობა", "შედეგი"]
    assert len(table.columns) == 3


def test_the_blank_form_is_marked_georgian_for_words_spelling():
    document = docx.Document(io.BytesIO(blank_form_docx()))
    assert document.core_properties.language == "ka-GE"
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "ka-GE"


def test_the_english_blank_form_is_in_english():
    document = docx.Document(io.BytesIO(blank_form_docx(language="en")))
    assert document.core_properties.language == "en-GB"
    texts = [p.text for p in document.paragraphs]
    assert "7. Detailed description" in texts
    assert "a) Human resources:" in texts
    assert [cell.text for cell in document.tables[0].rows[0].cells] == ["Stage", "Activity", "Result"]


@pytest.mark.parametrize("language", ["ka", "en"])
def test_a_filled_form_round_trips_exactly(language):
    result = parse_form_docx(filled_form_docx(VALUES, ACTIVITIES, language=language))
    assert placed(result) == VALUES
    assert result.activities == ACTIVITIES
    assert result.unplaced == []
    assert result.warnings == []
    assert result.language == language


def test_a_filled_form_in_english_uses_the_english_texts_when_given():
    values = {**VALUES, "title_en": "Rustavi Municipal Reforms Centre"}
    document = docx.Document(io.BytesIO(filled_form_docx(values, [], language="en")))
    texts = [p.text for p in document.paragraphs]
    assert "Rustavi Municipal Reforms Centre" in texts
    assert VALUES["title_ka"] not in texts


def test_the_applicant_fills_the_blank_form_in_word():
    """Open the blank form, type under the labels and into the table, as an applicant does."""
    document = docx.Document(io.BytesIO(blank_form_docx()))
    paragraphs = document.paragraphs

    def type_after(label_start: str, text: str):
        index = next(i for i, p in enumerate(paragraphs) if p.text.startswith(label_start))
        paragraphs[index + 1].text = text

    type_after("1. ", "რუსთავის ცენტრი")
    type_after("შიდა ფაქტორები:", "მაღალკვალიფიციური მოხელეები")
    type_after("ბ) ფინანსური რესურსები:", "მუნიციპალური ბიუჯეტი")
    type_after("დ) მომდევნო წლის ბიუჯეტში ასახვა:", "შეტანილია")
    budget = next(p for p in paragraphs if p.text.startswith("ბიუჯეტი (ლარი):"))
    budget.add_run(" 12 500,50 ლარი")
    population = next(p for p in paragraphs if p.text.startswith("მოსახლეობა:"))
    population.add_run(" დაახლოებით 125,000")
    table = document.tables[0]
    for cell, text in zip(table.rows[1].cells, ["I ეტაპი", "ცენტრის შექმნა", "ერთეული"], strict=True):
        cell.text = text
    result = parse_form_docx(_save(document))
    assert placed(result) == {
        "title_ka": "რუსთავის ცენტრი",
        "internal_factors_ka": "მაღალკვალიფიციური მოხელეები",
        "resources_financial_ka": "მუნიციპალური ბიუჯეტი",
        "sustainability_next_year_budget_ka": "შეტანილია",
        "budget_gel": Decimal("12500.50"),
        "population": 125000,
    }
    assert result.activities == [{"stage_ka": "I ეტაპი", "activity_ka": "ცენტრის შექმნა", "result_ka": "ერთეული"}]
    assert result.unplaced == []


# ------------------------------------------------------------------------------------------------ layouts

# The seed's long prompts, with asides in parentheses that name other things ("სხვა", "ინფორმაცია").
DECISIONS_PROMPT = (
    "· პროექტის განხორციელებისათვის მიღებული/გაფორმებული გადაწყვეტილებების, ან პროექტთან დაკავშირებული "
    "დოკუმენტების ჩამონათვალი (მუნიციპალიტეტის რელევანტური სტრატეგიული დოკუმენტები, განვითარების გეგმა, ბრძანებები, "
    "განკარგულებები, დადგენილებები, რეზოლუციები, შეხვედრის ოქმები, ინსტრუქციები და ა.შ.). აღნიშნული დოკუმენტაცია "
    "თან უნდა დაერთოს განაცხადის შევსებულ ფორმას;"
)
ENGAGEMENT_PROMPT = (
    "· ინფორმაცია მოქალაქეების, სხვადასხვა ორგანიზაციებისა და ინსტიტუციების (მ.შ. მიზნობრივი და მოწყვლადი ჯგუფების, "
    "ქალების, ახალგაზრდების, კერძო სექტორის წარმომადგენლების, საჯარო დაწესებულებების და სხვა) ჩართულობის შესახებ;"
)
# The form as an applicant writes it, in the seed's wording (longer than the hub's headings and labels).
SEED_FORM = [
    ("1", "პრაქტიკის/ინიციატივის სათაური:", [(None, VALUES["title_ka"])]),
    ("2", "თემატიკა:", [(None, "ინტერმუნიციპალური თანამშრომლობა; ელექტრონული მმართველობა")]),
    ("3", "პრაქტიკის/ინიციატივის ავტორი/ინიციატორი:", [
        (None, TEXTS["initiator_ka"]), ("პერიოდის დასაწყისი:", "15.01.2024"), ("პერიოდის დასასრული:", "30/06/2025"),
    ]),
    ("4", "მუნიციპალიტეტის ზოგადი მონაცემები:", [
        ("მოსახლეობა:", "დაახლოებით 125,000 ადამიანი"),
        ("· მუნიციპალიტეტის მდებარეობა, სტატუსი და ტერიტორიული ერთეულები:", TEXTS["municipality_profile_ka"]),
    ]),
    ("5", "მუნიციპალიტეტის მახასიათებლები:", [
        ("· შიდა ფაქტორები -", TEXTS["internal_factors_ka"]), ("· გარე ფაქტორები -", TEXTS["external_factors_ka"]),
    ]),
    ("6", "პრაქტიკის/ინიციატივის მოკლე აღწერა:", [
        (None, "(მაქსიმუმ ერთი გვერდი. მნიშვნელოვანია, რომ შინაარსი მოიცავდეს შემდეგ სავალდებულო საკითხებს)"),
        ("გამოწვევა:", TEXTS["challenge_ka"]), ("მოკლე აღწერა:", TEXTS["short_description_ka"]),
    ]),
    ("7", "განხორციელებული პრაქტიკის/კონკრეტული ინიციატივის დეტალური აღწერა:", [
        (None, "(გამოწვევის გამკლავების მიზნით გაწეული სამუშაო. გთხოვთ, თანმიმდევრულად მიყვეთ პუნქტებს)"),
        ("პროექტის შინაარსი:", TEXTS["detailed_description_ka"]),
        ("· აქტივობათა გეგმა/გრაფიკი (გთხოვთ წარმოადგინოთ ცხრილის სახით);", "TABLE"),
        (DECISIONS_PROMPT, TEXTS["decisions_documents_ka"]),
        (ENGAGEMENT_PROMPT, TEXTS["engagement_ka"]),
        ("· ინფორმაცია პროექტისთვის გამოყენებული რესურსის შესახებ. მ.შ.:", "LETTERED_RESOURCES"),
        ("· პროექტის განხორციელების პროცესში გამოკვეთილი პრობლემებისა და მათი გადაჭრის გზების აღწერა;",
         TEXTS["problems_solutions_ka"]),
        ("· ინფორმაცია იმ პარტნიორების შესახებ, ვინც ჩართულნი იყვნენ პროექტის დაგეგმვის, ან განხორციელების ეტაპზე;",
         TEXTS["partners_ka"]),
        ("· სხვა დამატებითი ინფორმაცია, რაც მნიშვნელოვანი იყო პროექტის წარმატებით განხორციელებისათვის;",
         TEXTS["other_information_ka"]),
    ]),
    ("8", "მიღწეული შედეგი და დადებითი გავლენა:", [(None, TEXTS["results_ka"])]),
    ("9", "მიღებული გამოცდილება და გაკეთებული დასკვნები:", [
        ("· წარმატების განმსაზღვრელი ფაქტორები (მ.შ.: კონკრეტული მუნიციპალიტეტისათვის სპეციფიკური ფაქტორების ჩათვლით);",
         TEXTS["success_factors_ka"]),
        ("· ინფორმაცია პრატიკის/ინიციატივის მდგრადობის შესახებ (გთხოვთ, მიყვეთ პუნქტობრივად):", "LETTERED_SUSTAINABILITY"),
    ]),
    ("10", "საკრებულოს როლი:", [
        ("· პროექტის/ინიციატივის დაგეგმვის, განხორციელების, შედეგების შეფასების საკითხში;", TEXTS["council_role_ka"]),
        ("· საუკეთესო პრაქტიკის პროგრამის კონკურსში მონაწილეობისათვის პროექტის შერჩევის საკითხში:",
         TEXTS["council_selection_ka"]),
        ("· როგორი იყო საკრებულოში არსებული ფრაქციების დამოკიდეულება ამ პრაქტიკის/ინიციატივის მიმართ;",
         TEXTS["council_factions_ka"]),
    ]),
    ("11", "პრაქტიკასთან/ინიციატივასთან დაკავშირებული, სამომავლო გეგმების მოკლე მიმოხილვა;",
     [(None, TEXTS["future_plans_ka"])]),
    ("12", "საკონტაქტო ინფორმაცია:", [
        ("· განაცხადის შევსებაზე პასუხისმგებელი პირის მონაცემები:", VALUES["contact_name"]),
        ("თანამდებობა:", VALUES["contact_position"]), ("ტელ:", VALUES["contact_phone"]),
        ("ელ-ფოსტა:", VALUES["contact_email"]), ("პროექტის საკონტაქტო პირების მონაცემები:", TEXTS["project_contacts_ka"]),
    ]),
    ("13", "თანდართული დოკუმენტების/მასალების სია", [(None, TEXTS["document_links_ka"])]),
]  # fmt: skip
LETTERED = {
    "LETTERED_RESOURCES": [
        ("ა) ადამიანური:", TEXTS["resources_human_ka"]),
        ("ბ) ფინანსური:", TEXTS["resources_financial_ka"]),
        ("ბიუჯეტი (ლარი):", "12 500,50"),
        ("გ) ტექნიკური:", TEXTS["resources_technical_ka"]),
    ],
    "LETTERED_SUSTAINABILITY": [
        ("ა) სერვისის მიწოდებაში ცვლილება:", TEXTS["sustainability_service_delivery_ka"]),
        ("ბ) ბიუჯეტში ცვლილება:", TEXTS["sustainability_budget_ka"]),
        ("გ) მოსახლეობის მხარდაჭერა:", TEXTS["sustainability_public_support_ka"]),
        ("დ) მომავალი წლის ბიუჯეტში შეტანა:", TEXTS["sustainability_next_year_budget_ka"]),
    ],
}
TABLE_HEADER = ["ეტაპი", "აქტივობა", "შედეგი"]  # the seed's header, not the hub's column names


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _decimal_list(document) -> int:
    """Add a decimal numbering definition (level 0 "1.", level 1 "a)") and return its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(qn("w:abstractNum"))), default=0)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num"))), default=0)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        "</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


def _number(paragraph, num_id: int, level: int = 0) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def build(
    *,
    heading: str = "plain",
    labels_inline: bool = True,
    letters_in_one_paragraph: bool = False,
    table_header: bool = True,
    extra: list[tuple[str, list[str]]] | None = None,
    preamble: list[str] | None = None,
) -> bytes:
    """The seed's form in one layout.

    heading: "plain" ("6. title" in a normal paragraph), "style" (Heading 1), "bold" (a bold normal paragraph),
    "auto" (Heading 1 numbered by Word: no digits in the text), "auto-style" (numbered through its style).
    """
    document = docx.Document()
    for line in preamble or ["გ ა ნ ა ც ხ ა დ ი"]:
        document.add_paragraph(line)
    num_id = _decimal_list(document) if heading.startswith("auto") else None
    if heading == "auto-style":
        style = document.styles["Heading 2"]
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num_id
        num_pr.get_or_add_ilvl().val = 0
    # A numbered list of Word's own inside a section: its "1." and "2." are content, not headings.
    body_list = _decimal_list(document) if heading.startswith("auto") else None
    extra = extra or []
    for number, title, items in SEED_FORM:
        _heading(document, heading, number, title, num_id)
        for label, text in items:
            if text == "TABLE":
                document.add_paragraph(label)
                rows = ([TABLE_HEADER] if table_header else []) + [
                    [a["stage_ka"], a["activity_ka"], a["result_ka"]] for a in ACTIVITIES
                ]
                table = document.add_table(rows=len(rows), cols=3)
                for row, values in zip(table.rows, rows, strict=True):
                    for cell, value in zip(row.cells, values, strict=True):
                        cell.text = value
            elif text in LETTERED:
                document.add_paragraph(label)
                pieces = LETTERED[text]
                if letters_in_one_paragraph:
                    paragraph = document.add_paragraph()
                    for index, (sub_label, sub_text) in enumerate(pieces):
                        run = paragraph.add_run(f"{sub_label} {sub_text}")
                        if index < len(pieces) - 1:
                            run.add_break()
                else:
                    for sub_label, sub_text in pieces:
                        _labelled(document, sub_label, sub_text, labels_inline)
            elif label is None:
                for block in text.split("\n\n"):
                    document.add_paragraph(block)
            else:
                _labelled(document, label, text, labels_inline)
        if number == "6" and body_list is not None:
            for item in ("ტრენინგები", "საინფორმაციო ტურები"):
                _number(document.add_paragraph(item), body_list)
        for extra_after, extra_lines in extra:
            if extra_after == number:
                _heading(document, heading, str(int(number) + 1), extra_lines[0], num_id)
                for line in extra_lines[1:]:
                    document.add_paragraph(line)
    return _save(document)


def _heading(document, layout, number, title, num_id):
    if layout == "plain":
        document.add_paragraph(f"{number}. {title}")
    elif layout == "style":
        document.add_heading(f"{number}. {title}", level=1)
    elif layout == "bold":
        document.add_paragraph().add_run(f"{number}. {title}").bold = True
    elif layout == "auto":
        _number(document.add_heading(title, level=1), num_id)
    elif layout == "auto-style":
        document.add_heading(title, level=2)


def _labelled(document, label, text, inline):
    blocks = text.split("\n\n")
    if inline:
        document.add_paragraph(f"{label} {blocks[0]}")
        rest = blocks[1:]
    else:
        document.add_paragraph().add_run(label).bold = True
        rest = blocks
    for block in rest:
        document.add_paragraph(block)


def _expected(**changes):
    return {**VALUES, **changes}


# Word's own numbered list inside section 6 keeps its numbers, written out as Markdown.
WITH_WORD_LIST = {"short_description_ka": f"{TEXTS['short_description_ka']}\n\n1. ტრენინგები\n\n2. საინფორმაციო ტურები"}


SEED_WARNINGS = ["Section 3 has text before any of its labels; it was put in “Initiator”."]


@pytest.mark.parametrize("heading", ["plain", "style", "bold", "auto", "auto-style"])
@pytest.mark.parametrize("labels_inline", [True, False], ids=["label-and-text", "label-above-text"])
def test_the_seed_form_in_every_heading_layout(heading, labels_inline):
    result = parse_form_docx(build(heading=heading, labels_inline=labels_inline))
    assert placed(result) == (_expected(**WITH_WORD_LIST) if heading.startswith("auto") else _expected())
    assert result.activities == ACTIVITIES
    assert result.unplaced == []
    assert result.warnings == SEED_WARNINGS


def test_word_numbered_headings_carry_no_digits_in_their_text():
    document = docx.Document(io.BytesIO(build(heading="auto")))
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[5].text == "პრაქტიკის/ინიციატივის მოკლე აღწერა:"
    assert headings[5]._p.pPr.numPr is not None


def test_a_word_numbered_list_that_restarts_is_counted_from_its_start_override():
    """Two numbering instances of one list: the second restarts at 7, so its first heading is section 7."""
    document = docx.Document(io.BytesIO(build(heading="auto")))
    numbering = document.part.numbering_part.element
    heading_num = document.paragraphs[1]._p  # the first heading after the preamble
    num_id = heading_num.pPr.numPr.numId.val
    abstract_id = next(n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)).find(
        qn("w:abstractNumId")).get(qn("w:val"))  # fmt: skip
    restart = 100
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{restart}"><w:abstractNumId w:val="{abstract_id}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
    ))  # fmt: skip
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    for paragraph in headings[6:]:
        paragraph._p.pPr.numPr.numId.val = restart
    result = parse_form_docx(_save(document))
    assert placed(result) == _expected(**WITH_WORD_LIST)
    # Restarting at 5 instead would number the detailed description "5.": it no longer matches, and is unplaced.
    numbering[-1].find(qn("w:lvlOverride")).find(qn("w:startOverride")).set(qn("w:val"), "5")
    result = parse_form_docx(_save(document))
    assert result.values["detailed_description_ka"] == ""
    assert "განხორციელებული პრაქტიკის/კონკრეტული ინიციატივის დეტალური აღწერა:" in result.unplaced


def test_sub_points_in_one_paragraph_are_split_into_their_fields():
    result = parse_form_docx(build(letters_in_one_paragraph=True))
    assert placed(result) == _expected()
    assert result.unplaced == []


def test_sub_points_written_inline_in_one_line():
    document = docx.Document(io.BytesIO(build()))
    lead_in = next(p for p in document.paragraphs if p.text.startswith("· ინფორმაცია პრატიკის"))
    for paragraph in [p for p in document.paragraphs if p.text[:2] in ("ა)", "ბ)", "გ)", "დ)") and "ცვლილება" in p.text
                      or p.text.startswith(("გ) მოსახლეობის", "დ) მომავალი"))]:  # fmt: skip
        paragraph._p.getparent().remove(paragraph._p)
    inline = document.add_paragraph("ა) უკეთესი სერვისი; ბ) მეტი ბიუჯეტი; გ) მხარდაჭერა; დ) შეტანილია")
    lead_in._p.addnext(inline._p)
    result = parse_form_docx(_save(document))
    assert result.values["sustainability_service_delivery_ka"] == "უკეთესი სერვისი;"
    assert result.values["sustainability_budget_ka"] == "მეტი ბიუჯეტი;"
    assert result.values["sustainability_public_support_ka"] == "მხარდაჭერა;"
    assert result.values["sustainability_next_year_budget_ka"] == "შეტანილია"


def test_the_activity_table_without_a_header_row():
    result = parse_form_docx(build(table_header=False))
    assert result.activities == ACTIVITIES
    assert result.unplaced == []


def test_an_extra_unknown_section_is_unplaced_with_its_text():
    result = parse_form_docx(build(extra=[("13", ["დამატებითი ინფორმაცია", "ჩვენი მერი ძალიან კმაყოფილია.", "და მოსახლეობაც."])]))
    assert placed(result) == _expected()
    assert result.unplaced == ["14. დამატებითი ინფორმაცია", "ჩვენი მერი ძალიან კმაყოფილია.", "და მოსახლეობაც."]
    assert "“14. დამატებითი ინფორმაცია” is not a section of NALA's form; its text was not placed." in result.warnings


@pytest.mark.parametrize("heading", ["style", "auto"])
def test_an_extra_section_between_known_ones_never_swallows_the_next(heading):
    # "8." after section 7 with another title: its text is unplaced, and the real section 8 (now "9.") is missed
    # by number, never by guess.
    result = parse_form_docx(build(heading=heading, extra=[("7", ["ფოტოები", "ფოტოები თან ერთვის."])]))
    assert "ფოტოები თან ერთვის." in result.unplaced
    assert "ფოტოები თან ერთვის." not in str(result.values)


def test_text_before_the_first_heading_is_unplaced_but_the_forms_own_title_is_not():
    result = parse_form_docx(build(preamble=["გ ა ნ ა ც ხ ა დ ი", "რუსთავის მუნიციპალიტეტი"]))
    assert result.unplaced == ["რუსთავის მუნიციპალიტეტი"]


def test_a_table_that_is_not_the_plan_is_unplaced():
    document = docx.Document(io.BytesIO(build()))
    section_5 = next(p for p in document.paragraphs if p.text.startswith("5. "))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "შიდა", "გარე"
    section_5._p.addnext(table._tbl)
    result = parse_form_docx(_save(document))
    assert result.unplaced == ["შიდა | გარე"]
    assert placed(result) == _expected()


def test_values_that_are_not_dates_or_numbers_are_unplaced_with_a_warning():
    document = docx.Document(io.BytesIO(build()))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("პერიოდის დასაწყისი:"):
            paragraph.text = "პერიოდის დასაწყისი: გაზაფხულზე"
    result = parse_form_docx(_save(document))
    assert result.values["period_start"] is None
    assert result.unplaced == ["გაზაფხულზე"]
    assert "“გაზაფხულზე” is not a valid value for “Start of the period”; it was not placed." in result.warnings


ENGLISH_FORM = [
    ("1. Title of the practice", ["Rustavi Municipal Reforms Centre"]),
    ("2. Theme", ["Inter-municipal cooperation"]),
    ("3. Author / initiator and period", ["Initiator: Rustavi City Hall", "Start of the period: 2024-01-15"]),
    ("4. General data of the municipality", ["Population: 125,000", "Location, status and units:", "Kvemo Kartli."]),
    ("5. Characteristics of the municipality", ["Internal factors: skilled staff", "External factors: growth"]),
    ("6. Short description", ["Challenge:", "No coordination.", "Short description:", "A centre was created."]),
    ("7. Detailed description", ["Activity plan:", "TABLE", "Resources used:", "a) Human: City Hall staff",
                                 "b) Financial: the municipal budget", "Budget (GEL): 12,500.50", "c) Technical: offices",
                                 "Partners: PSDA"]),
    ("8. Results achieved and positive impact", ["Nine municipalities trained."]),
    ("9. Experience and conclusions", ["Success factors: leadership", "d) Inclusion in next year's budget: yes"]),
    ("10. Role of the council (Sakrebulo)", ["Attitude of the council's factions: positive"]),
    ("11. Future plans", ["Accreditation."]),
    ("12. Contact information", ["E-mail: centre@example.ge", "Phone: 555 10 20 30"]),
]  # fmt: skip


def test_english_headings():
    document = docx.Document()
    for heading, lines in ENGLISH_FORM:
        document.add_heading(heading, level=1)
        for line in lines:
            if line == "TABLE":
                table = document.add_table(rows=2, cols=3)
                for cell, text in zip(table.rows[0].cells, ["Stage", "Activity", "Result"], strict=True):
                    cell.text = text
                for cell, text in zip(table.rows[1].cells, ["Stage I", "Founding", "A new unit"], strict=True):
                    cell.text = text
            else:
                document.add_paragraph(line)
    result = parse_form_docx(_save(document))
    assert result.language == "en"
    assert placed(result) == {
        "title_ka": "Rustavi Municipal Reforms Centre",
        "themes": ["Inter-municipal cooperation"],
        "initiator_ka": "Rustavi City Hall",
        "period_start": date(2024, 1, 15),
        "population": 125000,
        "municipality_profile_ka": "Kvemo Kartli.",
        "internal_factors_ka": "skilled staff",
        "external_factors_ka": "growth",
        "challenge_ka": "No coordination.",
        "short_description_ka": "A centre was created.",
        "resources_human_ka": "City Hall staff",
        "resources_financial_ka": "the municipal budget",
        "budget_gel": Decimal("12500.50"),
        "resources_technical_ka": "offices",
        "partners_ka": "PSDA",
        "results_ka": "Nine municipalities trained.",
        "success_factors_ka": "leadership",
        "sustainability_next_year_budget_ka": "yes",
        "council_factions_ka": "positive",
        "future_plans_ka": "Accreditation.",
        "contact_email": "centre@example.ge",
        "contact_phone": "555 10 20 30",
    }
    assert result.activities == [{"stage_ka": "Stage I", "activity_ka": "Founding", "result_ka": "A new unit"}]
    assert result.unplaced == []


def test_short_content_is_never_taken_for_a_label():
    document = docx.Document(io.BytesIO(filled_form_docx({**VALUES, "internal_factors_ka": "შიდა ფაქტორები ძლიერია"}, [])))
    assert parse_form_docx(_save(document)).values["internal_factors_ka"] == "შიდა ფაქტორები ძლიერია"


def test_content_in_the_plans_place_that_is_not_a_table_is_unplaced():
    document = docx.Document(io.BytesIO(filled_form_docx(VALUES, [])))
    document.tables[0]._tbl.getparent().remove(document.tables[0]._tbl)
    plan = next(p for p in document.paragraphs if p.text == "აქტივობათა გეგმა:")
    plan._p.addnext(document.add_paragraph("I ეტაპი — ცენტრის შექმნა")._p)
    result = parse_form_docx(_save(document))
    assert result.unplaced == ["I ეტაპი — ცენტრის შექმნა"]
    assert "The activity plan must be a table; text written in its place was not placed." in result.warnings


# ------------------------------------------------------------------------------------------------ bad input


def _refused(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_form_docx(data)
    return caught.value


NOT_DOCX = "This file is not a Word document (.docx). Download the blank form, fill it in Word and upload it."
NOT_NALA = ("This Word document is not NALA's application form: fewer than 5 of its numbered sections were found. "
            "Download the blank form and fill it in.")  # fmt: skip


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        os.urandom(4096),
        b"",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        _zip({"notes.txt": b"not a document"}),
        # A workbook is an OOXML package too, but not a Word document.
        _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
                                      b'spreadsheetml.sheet.main+xml"/></Types>', "xl/workbook.xml": b"<workbook/>"}),
        # Declares a Word document but holds none.
        _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
                                      b'wordprocessingml.document.main+xml"/></Types>'}),
    ],
    ids=["random-bytes", "empty-file", "pdf", "plain-zip", "xlsx", "docx-without-document"],
)
def test_what_is_not_a_docx_is_refused(data):
    error = _refused(data)
    assert error.code == "not_docx"
    assert error.messages == [NOT_DOCX]


def test_a_zip_bomb_is_refused_as_not_a_docx_after_a_bounded_read():
    document = docx.Document()
    document.add_paragraph("x")
    packed = io.BytesIO(_save(document))
    with zipfile.ZipFile(packed, "a", zipfile.ZIP_DEFLATED) as archive:
        # 50 MB of zeros compress to about 50 KB.
        archive.writestr("word/media/zeros.bin", b"\0" * (50 * 1024 * 1024))
    error = _refused(packed.getvalue())
    assert error.code == "not_docx"
    assert error.messages[0].startswith(NOT_DOCX)
    assert "zip bomb" in error.messages[0]


def test_an_empty_word_document_is_not_nalas_form():
    error = _refused(_save(docx.Document()))
    assert (error.code, error.messages) == ("not_nala_form", [NOT_NALA])


def test_another_word_document_is_not_nalas_form():
    document = docx.Document()
    document.add_heading("ვანის მუნიციპალიტეტის სამოქმედო გეგმა", level=0)
    for number, heading in enumerate(["შესავალი", "მიზანი", "ამოცანები", "აქტივობები", "ინდიკატორები", "მონიტორინგი"], 1):
        document.add_heading(f"{number}. {heading}", level=1)
        document.add_paragraph("ელექტრონული სერვისების განვითარება და გამჭვირვალობა.")
    error = _refused(_save(document))
    assert (error.code, error.messages) == ("not_nala_form", [NOT_NALA])


def test_a_form_with_only_a_few_sections_left_is_not_taken_for_nalas_form():
    document = docx.Document()
    for heading in ["1. პრაქტიკის სათაური", "2. თემა", "3. ავტორი/ინიციატორი"]:
        document.add_heading(heading, level=1)
    assert _refused(_save(document)).code == "not_nala_form"


def test_the_messages_are_translated_to_georgian():
    with translation.override("ka"):
        error = _refused(b"plain text")
    assert error.messages[0] != NOT_DOCX
    assert "Word" in error.messages[0] or "docx" in error.messages[0]


def test_a_file_beyond_the_attachment_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    error = _refused(blank_form_docx())
    assert (error.code, error.messages) == ("too_large", ["The document is too large for this hub."])


def test_the_blank_form_is_an_attachment_the_hub_accepts():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from practices.uploads import DOCX, check_upload

    assert check_upload(SimpleUploadedFile("nala-form.docx", blank_form_docx())).mime_type == DOCX


def test_content_controls_are_read_like_the_paragraphs_they_hold():
    document = docx.Document(io.BytesIO(filled_form_docx(VALUES, ACTIVITIES)))
    title = next(p for p in document.paragraphs if p.text == VALUES["title_ka"])
    control = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    title._p.addprevious(control)
    control.find(qn("w:sdtContent")).append(title._p)
    assert placed(parse_form_docx(_save(document))) == VALUES


# Words that are no heading's or label's, so any text made of them is content wherever it stands.
WORDS = ["ქალაქი", "სკოლა", "წყალი", "გზა", "ბაღი", "მოსწავლე", "ავტობუსი", "ხიდი", "park", "bus", "2024", "15%"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join).map(lambda s: s + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map("\n".join)  # line breaks inside a paragraph
text = st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)


@hypothesis_settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(TEXTS)), text, min_size=1))
def test_any_text_round_trips_through_the_form(texts):
    expected = {
        key: (" ".join(value.split()) if key == "initiator_ka" else value)  # a one-line field
        for key, value in texts.items()
    }
    result = parse_form_docx(filled_form_docx(texts, []))
    assert placed(result) == expected
    assert result.unplaced == []


def test_tracked_insertions_are_read_and_deletions_are_not():
    document = docx.Document(io.BytesIO(filled_form_docx(VALUES, ACTIVITIES)))
    results = next(p for p in document.paragraphs if p.text == TEXTS["future_plans_ka"])
    results._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="ნინო" w:date="2025-11-20T10:00:00Z"><w:r><w:t xml:space="preserve"> '
        'და ახალი სერვისები.</w:t></w:r></w:ins>'
    ))  # fmt: skip
    results._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="ნინო" w:date="2025-11-20T10:00:00Z"><w:r>'
        "<w:delText> წაშლილი ტექსტი</w:delText></w:r></w:del>"
    ))  # fmt: skip
    result = parse_form_docx(_save(document))
    assert result.values["future_plans_ka"] == TEXTS["future_plans_ka"] + " და ახალი სერვისები."


def test_a_stage_merged_over_several_rows_is_repeated_in_each():
    document = docx.Document(io.BytesIO(filled_form_docx(VALUES, ACTIVITIES)))
    table = document.tables[0]
    table.cell(1, 0).merge(table.cell(2, 0))  # "I ეტაპი" over the first two activities
    table.cell(1, 0).text = "I ეტაპი"
    result = parse_form_docx(_save(document))
    assert [row["stage_ka"] for row in result.activities] == ["I ეტაპი", "I ეტაპი", "III ეტაპი"]
    assert [row["activity_ka"] for row in result.activities] == [a["activity_ka"] for a in ACTIVITIES]


def test_a_title_row_over_the_plan_is_the_forms_own_and_other_rows_are_unplaced():
    document = docx.Document(io.BytesIO(filled_form_docx(VALUES, ACTIVITIES)))
    table = document.tables[0]
    title_row = table._tbl.add_tr()
    title_row.getparent().remove(title_row)
    table._tbl.tr_lst[0].addprevious(title_row)
    cell = title_row.add_tc()
    cell.get_or_add_tcPr().grid_span = 3
    cell.add_p()
    cell.p_lst[0].append(parse_xml(f'<w:r {nsdecls("w")}><w:t>აქტივობათა გეგმა/გრაფიკი</w:t></w:r>'))
    note = table.add_row()
    note.cells[0].merge(note.cells[2]).text = "შენიშვნა: ვადები შეიძლება შეიცვალოს"
    result = parse_form_docx(_save(document))
    assert result.activities == ACTIVITIES
    assert result.unplaced == ["შენიშვნა: ვადები შეიძლება შეიცვალოს"]


def test_the_seeds_own_lines_above_section_1_are_the_forms_and_the_applicants_name_is_shown():
    result = parse_form_docx(build(preamble=["გ ა ნ ა ც ხ ა დ ი", "2024-2025 წლის საუკეთესო პრაქტიკის პროგრამაში მონაწილეობაზე",
                                             "რუსთავის მუნიციპალიტეტი"]))  # fmt: skip
    assert result.unplaced == ["რუსთავის მუნიციპალიტეტი"]


def test_sub_points_numbered_by_word_as_letters_go_to_their_fields():
    """Word numbers the sub-points itself, "a)" "b)" at the second level of the headings' own list."""
    document = docx.Document(io.BytesIO(build(heading="auto")))
    num_id = next(p for p in document.paragraphs if p.style.name == "Heading 1")._p.pPr.numPr.numId.val
    sub_labels = [label for label, _ in LETTERED["LETTERED_SUSTAINABILITY"]]
    numbered = 0
    for paragraph in document.paragraphs:
        label = next((label for label in sub_labels if paragraph.text.startswith(label)), None)
        if label is not None:
            paragraph.text = paragraph.text.removeprefix(label[:3])  # "ა) სერვისის ..." -> "სერვისის ..."
            _number(paragraph, num_id, level=1)
            numbered += 1
    assert numbered == 4
    assert not any(p.text.startswith(("ა)", "ბ)", "გ)", "დ)")) and "ცვლილება" in p.text for p in document.paragraphs)
    result = parse_form_docx(_save(document))
    assert placed(result) == _expected(**WITH_WORD_LIST)
    assert result.unplaced == []


def test_letters_beyond_the_forms_sub_points_stay_in_the_last_one():
    document = docx.Document(io.BytesIO(filled_form_docx(VALUES, [])))
    last = next(p for p in document.paragraphs if p.text.startswith("დ) "))
    last._p.addnext(document.add_paragraph("დ) შეტანილია; ე) და ზ) დამატებით")._p)
    last._p.getnext().addnext(document.add_paragraph("ჰ) სხვა")._p)
    result = parse_form_docx(_save(document))
    assert result.values["sustainability_next_year_budget_ka"] == "\n\n".join(
        ["შეტანილია; ე) და ზ) დამატებით", "ჰ) სხვა", TEXTS["sustainability_next_year_budget_ka"]])  # fmt: skip


def test_a_form_laid_out_as_a_table_of_headings_labels_and_answers():
    """Sections 1–6 in a two-column table (a heading row across both columns, then label | answer), the rest
    as paragraphs."""
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for number, title, items in SEED_FORM[:6]:
        heading = table.add_row()
        heading.cells[0].merge(heading.cells[1]).text = f"{number}. {title}"
        for label, text in items:
            if text.startswith("("):
                continue
            row = table.add_row()
            if label is None:
                row.cells[0].merge(row.cells[1]).text = text
            else:
                row.cells[0].text, row.cells[1].text = label.removeprefix("· ").rstrip(" -"), text
    result = parse_form_docx(_save(document))
    keys = ["title_ka", "themes", "initiator_ka", "period_start", "period_end", "population", "municipality_profile_ka",
            "internal_factors_ka", "external_factors_ka", "challenge_ka", "short_description_ka"]  # fmt: skip
    assert placed(result) == {key: VALUES[key] for key in keys}
    assert result.unplaced == []


# --- crafted numbering (security review): whatever Word's numbering holds, the import never fails with a 500 ---
def _crafted(*, paragraph: dict[str, str] | None = None, definition: str = "", num: str = "") -> bytes:
    """The Word-numbered form plus crafted numbering: a paragraph's raw numPr values, an abstractNum, a num."""
    document = docx.Document(io.BytesIO(build(heading="auto")))
    numbering = document.part.numbering_part.element
    if definition:
        numbering.find(qn("w:num")).addprevious(parse_xml(f"<w:abstractNum {nsdecls('w')} {definition}</w:abstractNum>"))
    if num:
        numbering.append(parse_xml(f"<w:num {nsdecls('w')} {num}</w:num>"))
    for text in ("ცრუ სია", "crafted list"):
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        for name, value in (paragraph or {"ilvl": "0", "numId": "1"}).items():
            (num_pr.get_or_add_ilvl() if name == "ilvl" else num_pr.get_or_add_numId()).set(qn("w:val"), value)
    return _save(document)


CRAFTED = {
    "level 12 (Word has nine)": {"paragraph": {"ilvl": "12", "numId": "1"}},
    "a negative level": {"paragraph": {"ilvl": "-3", "numId": "1"}},
    "a level and list that are no numbers": {"paragraph": {"ilvl": "x", "numId": "y"}},
    "a list that is not defined": {"paragraph": {"ilvl": "0", "numId": "4242"}},
    "a definition with text for numbers": {
        "definition": 'w:abstractNumId="77"><w:lvl w:ilvl="ten"><w:start w:val="abc"/><w:numFmt/></w:lvl>',
        "num": 'w:numId="77"><w:abstractNumId w:val="77"/><w:lvlOverride w:ilvl="40"><w:startOverride w:val=""/></w:lvlOverride>',
        "paragraph": {"ilvl": "40", "numId": "77"},
    },
    "a huge level and start": {
        "definition": f'w:abstractNumId="78"><w:lvl w:ilvl="{10**30}"><w:start w:val="{10**30}"/></w:lvl>',
        "num": 'w:numId="78"><w:abstractNumId w:val="78"/>',
        "paragraph": {"ilvl": str(10**30), "numId": "78"},
    },
    "ids missing": {"definition": "><w:lvl/>", "num": "><w:abstractNumId/>", "paragraph": {"numId": "1"}},
}


@pytest.mark.parametrize("crafted", CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_numbering_is_read_as_the_form_around_it(crafted):
    result = parse_form_docx(_crafted(**crafted))
    assert result.activities == ACTIVITIES
    assert result.values["initiator_ka"] == TEXTS["initiator_ka"]


@hypothesis_settings(max_examples=25, deadline=None)
@given(ilvl=st.text(max_size=12), num_id=st.text(max_size=12), start=st.text(max_size=12))
def test_any_numbering_value_parses_or_is_refused_clearly(ilvl, num_id, start):
    def xml(value: str) -> str:
        return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

    ilvl, num_id, start = ("".join(c for c in value if c.isprintable() and c.isascii()) for value in (ilvl, num_id, start))
    data = _crafted(
        definition=f'w:abstractNumId="{xml(num_id)}"><w:lvl w:ilvl="{xml(ilvl)}"><w:start w:val="{xml(start)}"/></w:lvl>',
        num=f'w:numId="{xml(num_id)}"><w:abstractNumId w:val="{xml(num_id)}"/>'
        f'<w:lvlOverride w:ilvl="{xml(ilvl)}"><w:startOverride w:val="{xml(start)}"/></w:lvlOverride>',
        paragraph={"ilvl": ilvl, "numId": num_id},
    )
    try:
        assert isinstance(parse_form_docx(data), FormImport)
    except ValidationError as error:
        assert error.code in ("not_docx", "not_nala_form")
