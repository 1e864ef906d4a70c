"""NALA's application form as a Word document: a blank form to fill, a filled one, and the importer that reads it back.

The layout is not written down here: it comes from `practices.models.practice` — the numbered sections and their
headings (`PRACTICE_SECTIONS`), each field's label (`base_label` or verbose name), the activity plan's columns
(`PracticeActivity`). The only thing this module adds is which groups of fields the form letters ა) ბ) გ) დ).

The importer walks the document's body in order and places each paragraph and table:

* a section heading is matched by its number AND its title, fuzzily (Georgian words by their stems, so
  "თემატიკა" matches "თემა", and the form's longer wording "პრაქტიკის/ინიციატივის მოკლე აღწერა" matches
  "მოკლე აღწერა"). The number is either typed or Word's own (automatic numbering: counted from the paragraph's
  `numPr` and the numbering definitions, as Word counts it). A heading without a number is accepted only when it
  is styled as a heading or bold and its title matches closely.
* inside a section, a paragraph that starts with a field's label ("შიდა ფაქტორები:", "· Partners – ...") moves
  the text that follows into that field; a lettered sub-point (ა) ... or a) ...) goes to the section's lettered
  field of that letter, whether the sub-points are separate paragraphs or lines of one paragraph.
* a three-column table in the detailed description (or one whose header names the plan's columns) is the
  activity plan, one row per activity; a header row is recognised and skipped.
* a form laid out as a two-column table (headings or labels beside their answers) is read cell by cell.
* everything else — text before the first heading, an unknown section, a table that is not the plan, a value
  that is not a date or number — is listed in `FormImport.unplaced`, in document order, never dropped.
"""

import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from os.path import commonprefix
from string import ascii_lowercase
from typing import Any

import docx
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from practices.models import Practice, PracticeActivity
from practices.models.practice import PRACTICE_SECTIONS
from practices.uploads import DOCX, sniff_type

__all__ = ["FormImport", "blank_form_docx", "filled_form_docx", "parse_form_docx"]

LANGUAGES = ("ka", "en")
LOCALES = {"ka": "ka-GE", "en": "en-GB"}

# The form letters the sub-points of these groups ა) ბ) გ) დ) (seed 002: resources in section 7, sustainability in
# section 9). A group's members are its section's bilingual fields whose names start with the prefix.
LETTERED_GROUPS = {
    "resources": gettext_lazy("Resources used for the project"),
    "sustainability": gettext_lazy("Sustainability of the practice"),
}
LETTERS = {"ka": "აბგდევზთიკლმნ", "en": "abcdefghijklm"}

# The form's own lines above section 1: recognised and skipped, like the seed's "გ ა ნ ა ც ხ ა დ ი".
FORM_TITLE = gettext_lazy("Application")
FORM_SUBTITLE = gettext_lazy("for participation in NALA's Best Practice Programme")
FORM_INSTRUCTION = gettext_lazy(
    "Fill in every section under its numbered heading and keep the headings and labels as they are. "
    "Write the activity plan into the table, one row per activity."
)
BLANK_ACTIVITY_ROWS = 5
# Fewer recognised section headings than this and the document is not NALA's form.
MIN_SECTIONS = 5
HEADING_SIMILARITY = 0.5
UNNUMBERED_HEADING_SIMILARITY = 0.8
LABEL_SIMILARITY = 0.6


# ------------------------------------------------------------------------------------------------ the layout


@dataclass(frozen=True)
class _Field:
    key: str  # the key in FormImport.values: "title_ka", "initiator_ka", "population", "themes", "activities"
    kind: str  # title, themes, activities, text, line, date, int, decimal, plain
    labels: dict[str, str]  # language -> label as the form prints it
    letter: int | None = None  # position in its section's lettered group


@dataclass(frozen=True)
class _Section:
    number: int
    titles: dict[str, str]
    fields: tuple[_Field, ...]
    group_labels: dict[str, str] | None  # the lead-in above the lettered sub-points

    @property
    def single(self) -> bool:
        return len(self.fields) == 1

    def lettered(self) -> list[_Field]:
        return [f for f in self.fields if f.letter is not None]

    def first_text(self, after: _Field | None = None) -> _Field | None:
        start = self.fields.index(after) + 1 if after is not None else 0
        return next((f for f in self.fields[start:] if f.kind in ("text", "line", "plain", "title", "themes")), None)


def _translated(text) -> dict[str, str]:
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = capfirst(str(text))
    return labels


def _kind(model_field: models.Field) -> str:
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.DecimalField):
        return "decimal"
    if isinstance(model_field, models.IntegerField):
        return "int"
    return "text" if isinstance(model_field, models.TextField) else "line"


def _column_labels() -> list[dict[str, str]]:
    # "stage (Georgian)" without its language: the table's columns hold whatever language the form is in.
    columns = []
    for name in ("stage", "activity", "result"):
        labels = _translated(PracticeActivity._meta.get_field(f"{name}_ka").verbose_name)
        columns.append({language: re.sub(r"\s*\([^)]*\)\s*$", "", label) for language, label in labels.items()})
    return columns


def _layout() -> list[_Section]:
    meta = Practice._meta
    sections = []
    for number, heading, bases in PRACTICE_SECTIONS:
        fields, group, group_labels, position = [], None, None, 0
        for base in bases:
            if base == "title":
                fields.append(_Field("title_ka", "title", _translated(heading)))
                continue
            if base == "themes":
                fields.append(_Field("themes", "themes", _translated(meta.get_field("themes").verbose_name)))
                continue
            if base == "activities":
                fields.append(_Field("activities", "activities", _translated(PracticeActivity._meta.verbose_name_plural)))
                continue
            try:
                model_field, bilingual = meta.get_field(f"{base}_ka"), True
            except FieldDoesNotExist:
                model_field, bilingual = meta.get_field(base), False
            label = _translated(getattr(model_field, "base_label", model_field.verbose_name))
            prefix = base.split("_")[0]
            letter = None
            if bilingual and prefix in LETTERED_GROUPS:
                if group != prefix:
                    group, group_labels, position = prefix, _translated(LETTERED_GROUPS[prefix]), 0
                letter, position = position, position + 1
            kind = _kind(model_field)
            if not bilingual and kind == "line":
                kind = "plain"
            fields.append(_Field(f"{base}_ka" if bilingual else base, kind, label, letter))
        sections.append(_Section(int(number), _translated(heading), tuple(fields), group_labels))
    return sections


# ------------------------------------------------------------------------------------------------ writing


def blank_form_docx(*, language: str = "ka") -> bytes:
    """NALA's form, empty, to fill in Word; `parse_form_docx` reads it back."""
    return _form_docx({}, [], language=language)


def filled_form_docx(values: dict, activities: list[dict], *, language: str = "ka") -> bytes:
    """The form with content: `values` as `FormImport.values` (a field's `_en` text is used for an English form
    when present), `activities` as rows with stage/activity/result `_ka` (or `_en`) keys."""
    return _form_docx(values, activities, language=language)


def _text_value(values: dict, key: str, language: str) -> str:
    if key.endswith("_ka") and language != "ka":
        localized = values.get(f"{key[:-3]}_{language}")
        if localized:
            return str(localized)
    value = values.get(key)
    return "" if value is None else str(value)


def _scalar_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _add_label(document, text: str, value: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{text}:").bold = True
    if value:
        paragraph.add_run(f" {value}")


def _add_text(document, text: str) -> None:
    # One paragraph per Markdown paragraph; single line breaks stay line breaks inside it.
    for block in re.split(r"\n\s*\n", text.strip()):
        paragraph = document.add_paragraph()
        lines = block.split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()


def _form_docx(values: dict, activities: list[dict], *, language: str) -> bytes:
    if language not in LANGUAGES:
        raise ValueError(f"unknown form language {language!r}")
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    # Word checks the spelling in the form's language (w:lang is the last of the style's run properties here).
    properties = normal.element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), LOCALES[language])
    with translation.override(language):
        document.core_properties.title = f"{FORM_TITLE} — {FORM_SUBTITLE}"
        document.core_properties.language = LOCALES[language]
        document.add_heading(str(FORM_TITLE), level=0)
        document.add_paragraph(str(FORM_SUBTITLE))
        document.add_paragraph(str(FORM_INSTRUCTION)).runs[0].italic = True
    letters = LETTERS[language]
    for section in _layout():
        document.add_heading(f"{section.number}. {section.titles[language]}", level=1)
        for form_field in section.fields:
            label = form_field.labels[language]
            if form_field.letter == 0:
                _add_label(document, section.group_labels[language])
            if form_field.letter is not None:
                label = f"{letters[form_field.letter]}) {label}"
            if form_field.kind == "activities":
                _add_label(document, label)
                _add_activity_table(document, activities, language)
            elif form_field.kind == "themes":
                for theme in values.get("themes") or [""]:
                    document.add_paragraph(str(theme))
            elif form_field.kind in ("text", "line", "title"):
                if not section.single:
                    _add_label(document, label)
                _add_text(document, _text_value(values, form_field.key, language))
            else:
                _add_label(document, label, _scalar_text(values.get(form_field.key)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_activity_table(document, activities: list[dict], language: str) -> None:
    columns = _column_labels()
    rows = activities or [{}] * BLANK_ACTIVITY_ROWS
    table = document.add_table(rows=1 + len(rows), cols=3)
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(column[language]).bold = True
    for row, activity in zip(table.rows[1:], rows, strict=True):
        for cell, name in zip(row.cells, ("stage", "activity", "result"), strict=True):
            cell.text = _text_value(activity, f"{name}_ka", language)


# ------------------------------------------------------------------------------------------------ reading


@dataclass
class FormImport:
    """What a filled form holds, to prefill a draft that the applicant checks before submitting.

    `values` holds every field of the form: "title_ka", the `_ka` text fields, the plain fields
    (`period_start`/`period_end` as dates, `population` an int, `budget_gel` a Decimal — None when not given or
    not readable — contacts as text) and "themes" (names as written); text the document left empty is "". Text goes to the Georgian fields whatever the form's language (`language`
    says which the headings were in). `unplaced` is every paragraph or table that found no field, in order.
    """

    values: dict[str, Any] = field(default_factory=dict)
    activities: list[dict[str, str]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    language: str = "ka"


@dataclass
class _Block:
    text: str
    table: list[list[str]] | None = None
    counter: int | None = None  # Word's automatic number of the paragraph, when it has one
    list_format: str | None = None  # its format: "decimal", "lowerLetter", "bullet", ...
    list_key: str | None = None  # the list and level it belongs to
    heading_style: bool = False
    bold: bool = False

    @property
    def number(self) -> int | None:
        return self.counter if self.list_format == "decimal" else None

    @property
    def content(self) -> str:
        """The text with Word's own list marker written out: "1. ", "a) " (a sub-point), "- " (Markdown)."""
        if self.number is not None and not _NUMBER.match(self.text):
            return f"{self.number}. {self.text}"
        if self.list_format in ("lowerLetter", "upperLetter") and self.counter and self.counter <= len(ascii_lowercase):
            return f"{ascii_lowercase[self.counter - 1]}) {self.text}"
        if self.list_format == "bullet":
            return f"- {self.text}"
        return self.text


_UNKNOWN = object()  # the section a heading the form does not have opens
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)](?![\d.,])\s*(?=\S)")  # "6. ", never a date "15.01.2024"
_MARKER = re.compile(r"^[\s·•◦▪\-–—*]+")
_BULLET = re.compile(r"^[·•◦▪]\s*", re.MULTILINE)
_LETTER = re.compile(r"^\s*([ა-ჰa-m])\s*\)\s*", re.IGNORECASE)
_SEPARATOR = re.compile(r":|\s[-–—]\s")
# The form's prompts end with ";" and applicants often write on after it: "...შერჩევის საკითხში; არ მიუღია".
_PROMPT_END = re.compile(r";")
_ASIDE = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS = {"the", "and", "for", "with", "how", "were", "was", "its", "their", "from", "into"}


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    text = re.sub(r"(?<=\w)[-‐](?=\w)", "", text.lower())
    return tuple(word for word in _WORD.findall(text) if len(word) > 2 and word not in _STOPWORDS)


@functools.lru_cache(maxsize=65536)
def _same_word(known: str, candidate: str) -> bool:
    """Georgian inflects by suffixes: the candidate is the known word if it starts with it and is at most twice
    as long ("თემა" in "თემატიკა", never "სხვა" in "სხვადასხვა"), abbreviates it ("ტელ" for "ტელეფონი"),
    shares a stem of five letters with it, or differs by a typo."""
    if candidate.startswith(known):
        return len(candidate) <= 2 * len(known) or len(known) >= 5
    if known.startswith(candidate):
        return len(candidate) >= 3
    if len(commonprefix([known, candidate])) >= 5:
        return True
    return min(len(known), len(candidate)) >= 5 and SequenceMatcher(None, known, candidate).ratio() >= 0.8


def _similarity(known: str, candidate: str) -> float:
    """The share of the known text's words that the candidate has."""
    known_words, candidate_words = _words(known), _words(candidate)
    if not known_words or not candidate_words:
        return 0.0
    return sum(any(_same_word(k, c) for c in candidate_words) for k in known_words) / len(known_words)


def _best(labels: dict[str, str], candidate: str) -> tuple[float, str]:
    return max((_similarity(text, candidate), language) for language, text in labels.items())


def _ui_language() -> str:
    """The language messages are shown in, for the labels they quote."""
    return "en" if (translation.get_language() or "").startswith("en") else "ka"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _not_docx(detail: str | None = None) -> ValidationError:
    message = _("This file is not a Word document (.docx). Download the blank form, fill it in Word and upload it.")
    if detail:
        message = f"{message} {detail}"
    return ValidationError(message, code="not_docx")


def _open(data: bytes):
    if len(data) > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The document is too large for this hub."), code="too_large")
    try:
        # The attachments' bounded ZIP inspection: a zip bomb is refused after a capped number of bytes.
        mime_type = sniff_type(SimpleUploadedFile("form.docx", data))
    except ValidationError as error:
        raise _not_docx(error.messages[0]) from error
    if mime_type != DOCX:
        raise _not_docx()
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # a package python-docx cannot read, in whichever way, is no .docx
        raise _not_docx() from error


# Word numbers nine list levels (w:ilvl 0-8); anything else in a document is clamped into that range.
LIST_LEVELS = 9


def _decimal(value, default: int | None = None) -> int | None:
    """A numbering attribute as an int; a crafted or damaged value is `default`, never an error."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _list_level(value) -> int:
    return min(max(_decimal(value, 0), 0), LIST_LEVELS - 1)


class _Numbering:
    """Word's automatic numbers, counted in document order as Word counts them."""

    def __init__(self, document):
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.levels: dict[tuple[str, int], tuple[int, str]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        for abstract in root.iterchildren(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for level in abstract.iterchildren(qn("w:lvl")):
                start, fmt = level.find(qn("w:start")), level.find(qn("w:numFmt"))
                self.levels[(abstract_id, _list_level(level.get(qn("w:ilvl"))))] = (
                    _decimal(start.get(qn("w:val")), 1) if start is not None else 1,
                    (fmt.get(qn("w:val")) or "decimal") if fmt is not None else "decimal",
                )
        for num in root.iterchildren(qn("w:num")):
            num_id, abstract = num.get(qn("w:numId")), num.find(qn("w:abstractNumId"))
            if abstract is None:
                continue
            self.abstract_of[num_id] = abstract.get(qn("w:val"))
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                value = _decimal(start.get(qn("w:val"))) if start is not None else None
                if value is not None:
                    self.overrides[(num_id, _list_level(override.get(qn("w:ilvl"))))] = value

    def next(self, num_id: str, level: int) -> tuple[int | None, str | None, str | None]:
        """The paragraph's number, its format ("decimal", "bullet", ...) and its list and level."""
        abstract_id = self.abstract_of.get(num_id)
        if abstract_id is None:
            return None, None, None
        level = _list_level(level)
        start, fmt = self.levels.get((abstract_id, level), (1, "decimal"))
        counters = self.counters.setdefault(abstract_id, [None] * LIST_LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            if (num_id, level) in self.overrides:
                counters[level] = None
                start = self.overrides[(num_id, level)]
        counters[level] = start if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = None
        return counters[level], fmt, f"{abstract_id}:{level}"


def _style_info(style) -> tuple[str, bool, object]:
    """A paragraph style's name, whether it is bold, and the numbering it carries (through its base styles)."""
    name = (style.name or "") if style is not None else ""
    bold = bool(style is not None and style.font.bold)
    num_pr, current = None, style
    while current is not None and num_pr is None:
        p_pr = current.element.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        current = current.base_style
    return name, bold, num_pr


def _blocks(document) -> list[_Block]:
    numbering = _Numbering(document)
    styles: dict[str | None, tuple[str, bool, object]] = {}  # python-docx looks a style up slowly: once per id
    blocks = []

    def walk(parent):
        for child in parent.iterchildren():
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)
            elif child.tag == qn("w:tbl"):
                rows = _table_rows(child)
                blocks.append(_Block(text="\n".join(" | ".join(row) for row in rows), table=rows))
            elif child.tag == qn("w:p"):
                paragraph = Paragraph(child, document._body)
                if child.style not in styles:
                    styles[child.style] = _style_info(paragraph.style)
                style_name, style_bold, style_num_pr = styles[child.style]
                block = _Block(text=_paragraph_text(child))
                num_pr = child.pPr.numPr if child.pPr is not None and child.pPr.numPr is not None else style_num_pr
                if num_pr is not None:
                    # The raw attributes: python-docx's typed `.val` raises on a value that is not a number.
                    num_id = num_pr.numId.get(qn("w:val")) if num_pr.numId is not None else None
                    if _decimal(num_id, 0) != 0:
                        level = num_pr.ilvl.get(qn("w:val")) if num_pr.ilvl is not None else 0
                        block.counter, block.list_format, block.list_key = numbering.next(str(_decimal(num_id)), level)
                if not block.text:
                    continue
                block.heading_style = style_name.lower().startswith(("heading", "title"))
                runs = [run for run in paragraph.runs if run.text.strip()]
                block.bold = bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)
                blocks.append(block)

    walk(document.element.body)
    return blocks


_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Where text-like elements are not text: properties (a tab stop), deleted revisions, a drawing's fallback copy.
_NOT_TEXT = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"),
             "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}  # fmt: skip


def _paragraph_text(p) -> str:
    """A paragraph's text as Word shows it, tracked insertions included (python-docx reads only plain runs)."""
    parts = []
    for element in p.iter(*_TEXT):
        if any(ancestor.tag in _NOT_TEXT for ancestor in element.iterancestors()):
            continue
        parts.append(element.text or "" if element.tag == qn("w:t") else _TEXT[element.tag])
    return "".join(parts).strip()


def _cell_text(tc) -> str:
    return "\n".join(text for text in (_paragraph_text(p) for p in tc.p_lst) if text)


def _table_rows(tbl) -> list[list[str]]:
    """The rows' cell texts; a cell merged with the one above (vMerge) repeats its text, as the reader sees it."""
    rows, above = [], {}
    for tr in tbl.tr_lst:
        row, column = [], 0
        for tc in tr.tc_lst:
            text = above.get(column, "") if tc.vMerge == "continue" else _cell_text(tc)
            row.append(text)
            above[column] = text
            column += tc.grid_span
        rows.append(row)
    return rows


def _split_head(text: str, separator: re.Pattern = _SEPARATOR) -> tuple[str, str | None]:
    """A label or heading and what follows it on the same line: "Partners: UNDP" -> ("Partners", "UNDP").

    A colon inside parentheses is the form's own aside ("(მ.შ.: ...)"), not the end of the label.
    """
    for match in separator.finditer(text):
        head = text[: match.start()]
        if head.count("(") > head.count(")"):
            continue
        if len(_words(_ASIDE.sub(" ", head))) > 20:
            break
        return head, text[match.end() :].strip()
    return text, None


class _Reader:
    def __init__(self, sections: list[_Section]):
        self.sections = sections
        self.by_number = {section.number: section for section in sections}
        self.result = FormImport()
        self.content: dict[str, list[str]] = {}
        self.section: _Section | object | None = None
        self.field: _Field | None = None
        self.seen: list[_Section] = []
        self.number = 0  # the last section number read, known or not: headings only go forward
        self.heading_list: str | None = None
        self.languages: list[str] = []
        self.after_heading = False
        self.warned: set[tuple] = set()
        self.intro = [text for language in LANGUAGES for text in self._intro(language)]

    # -- headings

    def heading(self, block: _Block) -> tuple[object | None, str | None]:
        current = self.number
        text, number = block.text, block.number
        typed = _NUMBER.match(text)
        if typed:
            if number is None:
                number = int(typed.group(1))
            if int(typed.group(1)) == number:
                text = text[typed.end() :]
        title, rest = _split_head(text)
        heading_like = block.heading_style or block.bold
        if number is not None:
            section = self.by_number.get(number)
            if section is not None and number > current and len(_words(title)) <= 25:
                score, language = _best(section.titles, title)
                if score >= HEADING_SIMILARITY:
                    self.languages.append(language)
                    if block.list_key:
                        self.heading_list = block.list_key
                    return section, rest
            same_list = block.list_key is not None and block.list_key == self.heading_list
            short = len(_words(text)) <= 10 and not text.rstrip().endswith(".")
            # A heading of the headings' own Word list that does not match is out of place, whatever its number.
            if same_list or (number > current and (heading_like or (section is None and short))):
                self.number = max(number, current)
                return _UNKNOWN, None
            return None, None
        if heading_like and len(_words(title)) <= 12:
            candidates = [(_best(s.titles, title), s) for s in self.sections if s.number > current]
            if candidates:
                (score, language), section = max(candidates, key=lambda item: item[0][0])
                if score >= UNNUMBERED_HEADING_SIMILARITY:
                    self.languages.append(language)
                    self.warn(("unnumbered", section.number), _("The heading “%(heading)s” has no number; it was read as section %(number)d.")
                              % {"heading": block.text, "number": section.number})  # fmt: skip
                    return section, rest
        return None, None

    def warn(self, key: tuple, message: str) -> None:
        if key not in self.warned:
            self.warned.add(key)
            self.result.warnings.append(message)

    # -- placing

    def place(self, form_field: _Field | None, text: str) -> None:
        if not text:
            return
        if form_field is None or form_field.kind == "activities":
            if form_field is not None:
                self.warn(("plan_text",), _("The activity plan must be a table; text written in its place was not placed."))
            self.result.unplaced.append(text)
            return
        # A bullet typed as a character ("·", "•") becomes a Markdown list item.
        self.content.setdefault(form_field.key, []).append(_BULLET.sub("- ", text))

    def unlabelled(self, section: _Section, text: str) -> None:
        """Text in a section before any of its labels, or after a one-value field already has its value."""
        target = self.field
        if target is not None and target.kind in ("date", "int", "decimal") and target.key in self.content:
            target = section.first_text(after=target)
        elif target is None:
            target = section.first_text()
            if target is not None and not section.single:
                self.warn(("unlabelled", section.number), _("Section %(number)d has text before any of its labels; it was put in “%(label)s”.")
                          % {"number": section.number, "label": target.labels[_ui_language()]})  # fmt: skip
        self.field = target
        self.place(target, text)

    @property
    def language(self) -> str:
        return max(LANGUAGES, key=self.languages.count) if self.languages else "ka"

    def label(self, section: _Section, text: str, *, emphasised: bool) -> tuple[_Field | None, str | None, bool]:
        """The field whose label this paragraph starts with, what follows the label, and whether it is the
        lettered group's lead-in.

        A label ends with ":" or ";" or is followed by a dash and the text; a paragraph without either must be
        bold or a heading to be a label, so that short content is never taken for one.
        """
        if section.single:
            return None, None, False
        bare = _MARKER.sub("", text)
        head, rest = _split_head(bare)
        if rest is None:
            head, rest = _split_head(bare, _PROMPT_END)
        # The prompt's aside in parentheses lists examples ("... სხვა"), it does not name the field.
        head = _ASIDE.sub(" ", head)
        words = len(_words(head))
        ends_like_label = rest is not None or bare.rstrip().endswith((":", ";"))
        if words > 25 or not (ends_like_label or emphasised):
            return None, None, False
        best: tuple[float, _Field | None, bool] = (0.0, None, False)
        candidates = [(f.labels, f, False) for f in section.fields]
        if section.group_labels:
            candidates.append((section.group_labels, None, True))
        for full_labels, form_field, lead_in in candidates:
            labels = {language: _ASIDE.sub(" ", label) for language, label in full_labels.items()}  # "ბიუჯეტი (ლარი)"
            label_words = max(len(_words(label)) for label in labels.values())
            if not ends_like_label and words > 2 * label_words + 2:
                continue
            score = _best(labels, head)[0]
            if score > best[0]:
                best = (score, form_field, lead_in)
        score, form_field, lead_in = best
        if score < LABEL_SIMILARITY:
            return None, None, False
        return form_field, rest or "", lead_in

    def lettered(self, section: _Section, text: str) -> bool:
        """Sub-points ა) ბ) ... into the section's lettered fields; several may share one paragraph."""
        group = section.lettered()
        match = _LETTER.match(_MARKER.sub("", text))
        if not group or match is None:
            return False
        alphabet = next((letters for letters in LETTERS.values() if match.group(1).lower() in letters), None)
        if alphabet is None or alphabet.index(match.group(1).lower()) >= len(group):
            return False
        body = _MARKER.sub("", text)
        pieces = []
        while True:
            match = _LETTER.match(body)
            index = alphabet.index(match.group(1).lower())
            body = body[match.end() :]
            # Split only at the next letter the group has: past its last field, text stays in that field.
            following = alphabet[index + 1] if index + 1 < len(group) else None
            split = re.search(rf"(?:^|(?<=[\s;.,]))(?={re.escape(following)}\s*\))", body, re.MULTILINE | re.IGNORECASE) if following else None
            if split is None:
                pieces.append((group[index], body))
                break
            pieces.append((group[index], body[: split.start()]))
            body = body[split.start() :]
        for form_field, piece in pieces:
            # "ა) ადამიანური: staff of City Hall" -> the text after the (possibly shortened) label.
            head, rest = _split_head(piece.strip())
            if rest is not None and _best(form_field.labels, head)[0] >= 0.4:
                piece = rest
            elif rest is None and piece.strip().endswith(":") and _best(form_field.labels, head)[0] >= 0.4:
                piece = ""
            self.field = form_field
            self.place(form_field, piece.strip())
        return True

    def table(self, section: _Section | None, block: _Block) -> None:
        """The activity plan: its three-column rows, a header row skipped; rows of another shape are unplaced
        (a title row naming the plan is the form's own)."""
        columns = _column_labels()
        rows = [row for row in block.table if any(cell.strip() for cell in row)]
        plan_rows = [row for row in rows if len(row) == 3]
        is_plan_section = isinstance(section, _Section) and any(f.kind == "activities" for f in section.fields)
        header = bool(plan_rows) and sum(_best(c, cell)[0] >= 0.5 for c, cell in zip(columns, plan_rows[0], strict=True)) >= 2
        if not plan_rows or 2 * len(plan_rows) < len(rows) or not (is_plan_section or header):
            if is_plan_section:
                self.warn(("plan_columns",), _("A table in the detailed description does not have the activity plan's three columns (stage, activity, result); it was not placed."))
            self.result.unplaced.append(block.text)
            return
        plan_labels = _translated(PracticeActivity._meta.verbose_name_plural)
        for row in rows:
            if header and row is plan_rows[0]:
                continue
            if len(row) == 3:
                self.result.activities.append(dict(zip(("stage_ka", "activity_ka", "result_ka"), row, strict=True)))
                continue
            cells = [cell for cell in row if cell.strip()]
            if not (len(cells) == 1 and _best(plan_labels, cells[0])[0] >= LABEL_SIMILARITY):
                self.result.unplaced.append(" | ".join(row))
        if isinstance(section, _Section):
            self.field = next((f for f in section.fields if f.kind == "activities"), self.field)

    def read(self, blocks: list[_Block]) -> FormImport:
        for block in blocks:
            if block.table is not None and self.is_form_table(block.table):
                for cell in self.form_table_blocks(block.table):
                    self.block(cell)
            else:
                self.block(block)
        self.result.language = self.language
        self.finish()
        return self.result

    def block(self, block: _Block) -> None:
        if block.table is not None:
            self.table(self.section, block)
            self.after_heading = False
            return
        section, rest = self.heading(block)
        if section is _UNKNOWN:
            self.section, self.field = _UNKNOWN, None
            self.warn(("unknown", block.text), _("“%(heading)s” is not a section of NALA's form; its text was not placed.") % {"heading": block.text})
            self.result.unplaced.append(block.text)
            return
        if section is not None:
            self.section, self.after_heading, self.number = section, True, section.number
            self.seen.append(section)
            self.field = section.fields[0] if section.single else None
            if rest:
                self.paragraph(section, rest, emphasised=False)
            return
        if self.section is None:
            if not self.is_intro(block.text, self.intro):
                self.result.unplaced.append(block.text)
            return
        if self.section is _UNKNOWN:
            self.result.unplaced.append(block.text)
            return
        if self.after_heading and block.text.startswith("(") and block.text.endswith(")"):
            return  # the form's own instruction under a heading, as in seed 002
        self.after_heading = False
        self.paragraph(self.section, block.content, emphasised=block.bold or block.heading_style)

    def is_form_table(self, rows: list[list[str]]) -> bool:
        """A form laid out as a table: headings or labels in the first column, the answers beside them."""
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows or any(len(row) > 2 for row in rows) or all(len(row) == 1 for row in rows):
            return False
        named = sum(self.names_something(row[0]) for row in rows)
        return named >= max(2, len(rows) // 2)

    def names_something(self, text: str) -> bool:
        typed = _NUMBER.match(text)
        title = _split_head(text[typed.end() :] if typed else text)[0]
        if typed and (section := self.by_number.get(int(typed.group(1)))) is not None:
            return _best(section.titles, title)[0] >= HEADING_SIMILARITY
        labels = [f.labels for section in self.sections if not section.single for f in section.fields]
        return any(_best(labels_, _ASIDE.sub(" ", title))[0] >= LABEL_SIMILARITY for labels_ in labels)

    @staticmethod
    def form_table_blocks(rows: list[list[str]]) -> list[_Block]:
        """A form table's cells as the paragraphs they stand for: a row's first cell is its label (as if bold)."""
        blocks = []
        for row in rows:
            cells = [cell for cell in row if cell.strip()]
            for index, cell in enumerate(cells):
                blocks.append(_Block(text=cell, bold=index == 0 and len(cells) > 1))
        return blocks

    @staticmethod
    def is_intro(text: str, intro: list[str]) -> bool:
        """The form's own lines above section 1 (its title, "გ ა ნ ა ც ხ ა დ ი", its subtitle in other words)."""
        if _compact(text) in (_compact(line) for line in intro):
            return True
        words = _words(text)
        return bool(words) and any(_similarity(text, line) >= 0.75 and len(words) <= len(_words(line)) for line in intro)

    @staticmethod
    def _intro(language: str) -> list[str]:
        with translation.override(language):
            return [str(FORM_TITLE), str(FORM_SUBTITLE), str(FORM_INSTRUCTION)]

    def paragraph(self, section: _Section, text: str, *, emphasised: bool) -> None:
        """One paragraph; its lines are read one by one when a later line starts a field (sub-points or
        labels typed with line breaks in a single paragraph)."""
        lines = text.split("\n")
        if len(lines) == 1 or not any(self.starts_field(section, line) for line in lines[1:]):
            self.one(section, text, emphasised=emphasised)
            return
        pending: list[str] = []
        for line in lines:
            if self.starts_field(section, line):
                if pending:
                    self.one(section, "\n".join(pending), emphasised=False)
                pending = []
                self.one(section, line, emphasised=False)
            else:
                pending.append(line)
        if pending:
            self.one(section, "\n".join(pending), emphasised=False)

    def starts_field(self, section: _Section, line: str) -> bool:
        match = _LETTER.match(_MARKER.sub("", line))
        if match is not None and section.lettered():
            return True
        return self.label(section, line, emphasised=False)[0] is not None

    def one(self, section: _Section, text: str, *, emphasised: bool) -> None:
        if self.lettered(section, text):
            return
        form_field, rest, lead_in = self.label(section, text, emphasised=emphasised)
        if lead_in:
            if rest:
                self.unlabelled(section, rest)
            return
        if form_field is not None:
            current = self.field
            if form_field.key in self.content and current is not None and current is not form_field and current.kind == "text":
                # A label already filled, inside a text field: the project's contacts list their own "ტელ:".
                self.place(current, text)
                return
            self.field = form_field
            self.place(form_field, rest)
            return
        if section.single:
            self.place(section.fields[0], text)
            return
        self.unlabelled(section, text)

    # -- values

    def finish(self) -> None:
        kinds = {f.key: f for section in self.sections for f in section.fields if f.kind != "activities"}
        # Every field of the form, empty where the document left it empty: a complete draft to prefill.
        self.result.values = {key: _EMPTY.get(f.kind, "") for key, f in kinds.items()}
        for key, texts in self.content.items():
            form_field = kinds[key]
            if form_field.kind == "text":
                self.result.values[key] = "\n\n".join(texts)
            elif form_field.kind in ("line", "plain", "title"):
                self.result.values[key] = " ".join(" ".join(texts).split())
            elif form_field.kind == "themes":
                themes = [_MARKER.sub("", part).strip() for text in texts for part in re.split(r"[,;\n]", text)]
                self.result.values[key] = [theme for theme in themes if theme]
            else:
                text = " ".join(texts)
                value = _PARSERS[form_field.kind](text)
                if value is None:
                    self.result.warnings.append(_("“%(text)s” is not a valid value for “%(label)s”; it was not placed.")
                                                % {"text": text, "label": form_field.labels[_ui_language()]})  # fmt: skip
                    self.result.unplaced.append(text)
                else:
                    self.result.values[key] = value


def _parse_date(text: str) -> date | None:
    text = text.strip().rstrip(".")
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y.%m.%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _number_text(text: str) -> str | None:
    """The one number a text holds ("დაახლოებით 125,000 ადამიანი", "12 500,50 ლარი"), separators normalised."""
    found = re.findall(r"\d[\d\s.,\u00a0\u202f']*\d|\d", text)
    if len(found) != 1:
        return None
    number = re.sub(r"[\s\u00a0\u202f']", "", found[0])
    if "," in number and "." in number:
        decimal_mark = "," if number.rfind(",") > number.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        number = number.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in number or "." in number:
        mark = "," if "," in number else "."
        parts = number.split(mark)
        # One mark with one or two digits after it is a decimal point; anything else separates thousands.
        if len(parts) == 2 and len(parts[1]) in (1, 2):
            number = f"{parts[0]}.{parts[1]}"
        elif all(len(part) == 3 for part in parts[1:]):
            number = "".join(parts)
        else:
            return None
    return number


def _parse_int(text: str) -> int | None:
    number = _number_text(text)
    if number is None or "." in number:
        return None
    return int(number)


def _parse_decimal(text: str) -> Decimal | None:
    number = _number_text(text)
    if number is None:
        return None
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


_PARSERS = {"date": _parse_date, "int": _parse_int, "decimal": _parse_decimal}
_EMPTY = {"date": None, "int": None, "decimal": None, "themes": []}


def parse_form_docx(data: bytes) -> FormImport:
    """Read a filled NALA form; refuse what is not a .docx (`not_docx`) or not NALA's form (`not_nala_form`)."""
    document = _open(data)
    sections = _layout()
    reader = _Reader(sections)
    try:
        result = reader.read(_blocks(document))
    except ValidationError:
        raise
    except Exception as error:  # a package python-docx opened but whose parts are malformed is no form either
        raise _not_docx() from error
    if len({section.number for section in reader.seen}) < MIN_SECTIONS:
        raise ValidationError(
            _("This Word document is not NALA's application form: fewer than %(count)d of its numbered sections "
              "were found. Download the blank form and fill it in.") % {"count": MIN_SECTIONS},
            code="not_nala_form",
        )  # fmt: skip
    return result
