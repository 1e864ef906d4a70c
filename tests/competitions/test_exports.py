"""Exports open in a spreadsheet as what they are: Georgian intact, numbers as numbers, never a formula."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest

from competitions.exports import table_csv, table_xlsx

HEADERS = ["განაცხადი", "მუნიციპალიტეტი", "ქულა", "წარდგენილია", "ვადა", "თემები"]
ROWS = [
    ["რუსთავის სერვისების განვითარების ცენტრი", "რუსთავი", Decimal("4.75"), datetime(2025, 11, 30, 19, 59, 59, tzinfo=UTC),
     date(2025, 11, 30), ["ინტერმუნიციპალური თანამშრომლობა", "ელექტრონული მმართველობა"]],
    ['=HYPERLINK("http://evil.example","დააჭირეთ")', "+995 555 000", -3, None, None, []],
    ["@SUM(A1:A9)", "-2+3", Decimal("-1.5"), None, None, ["\tტაბი"]],
    ["\rCR", "-5", 0, None, None, ["=1+1"]],
]  # fmt: skip
FORMULAS = ['=HYPERLINK("http://evil.example","დააჭირეთ")', "+995 555 000", "@SUM(A1:A9)", "-2+3", "\rCR", "\tტაბი", "=1+1"]


def test_csv_has_a_bom_and_georgian_intact():
    data = table_csv(HEADERS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1] == ["რუსთავის სერვისების განვითარების ცენტრი", "რუსთავი", "4.75", "2025-11-30 23:59:59", "2025-11-30",
                       "ინტერმუნიციპალური თანამშრომლობა; ელექტრონული მმართველობა"]  # fmt: skip


def test_csv_neutralises_formulas_and_keeps_signed_numbers():
    rows = list(csv.reader(io.StringIO(table_csv(HEADERS, ROWS).decode("utf-8-sig"), newline="")))
    assert rows[2][:3] == ["'=HYPERLINK(\"http://evil.example\",\"დააჭირეთ\")", "'+995 555 000", "-3"]
    assert rows[3][:3] == ["'@SUM(A1:A9)", "'-2+3", "-1.5"]
    assert rows[4][:2] == ["'\rCR", "-5"]
    assert rows[4][5] == "'=1+1"
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)


def test_exact_fractions_from_the_scoring_are_numbers_to_four_decimals():
    rows = list(csv.reader(io.StringIO(table_csv(["total"], [[Fraction(343, 80)], [Fraction(1, 3)]]).decode("utf-8-sig"))))
    assert rows[1:] == [["4.2875"], ["0.3333"]]
    sheet = _workbook(table_xlsx(["total"], [[Fraction(343, 80)]], sheet_title="t"))
    assert sheet["A2"].value == 4.2875 and sheet["A2"].data_type == "n"


def test_csv_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        table_csv(["t"], [[datetime(2025, 11, 30, 23, 59)]])  # the naive time, refused


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_round_trip_with_types_and_tbilisi_time():
    sheet = _workbook(table_xlsx(HEADERS, ROWS, sheet_title="შედეგები: 2024/2025"))
    assert sheet.title == "შედეგები 2024 2025"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert values[1] == ["რუსთავის სერვისების განვითარების ცენტრი", "რუსთავი", 4.75, datetime(2025, 11, 30, 23, 59, 59),
                         datetime(2025, 11, 30), "ინტერმუნიციპალური თანამშრომლობა; ელექტრონული მმართველობა"]  # fmt: skip
    assert sheet["C2"].data_type == "n" and sheet["C3"].value == -3 and sheet["C4"].value == -1.5
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_xlsx_stores_formula_looking_text_as_text_exactly():
    data = table_xlsx(HEADERS, ROWS, sheet_title="ქულები")
    sheet = _workbook(data)
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in FORMULAS:
        cell = cells[text]  # the text is kept as written, without an apostrophe
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    assert cells["-5"].data_type == "s" and not cells["-5"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx_cuts_text_beyond_excels_cell_limit_visibly():
    sheet = _workbook(table_xlsx(["text"], [["ა" * 40000]], sheet_title="t"))
    assert len(sheet["A2"].value) == 32767
    assert sheet["A2"].value.endswith("ა…")


def test_xlsx_sheet_titles_within_excels_limits():
    assert _workbook(table_xlsx(["a"], [], sheet_title="ა" * 40)).title == "ა" * 31
    assert _workbook(table_xlsx(["a"], [], sheet_title="[]:*?/\\")).title == "Sheet"
