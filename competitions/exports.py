"""The manager's tables as CSV and XLSX: rankings, scores, applications.

Both take the same plain headers and rows. Cells are typed once (`_cell`): numbers stay numbers (Decimals, and
the scoring's exact Fractions to four decimals), aware datetimes are shown in Asia/Tbilisi (a naive one is
refused: it has no place in time), lists are joined. Text that a spreadsheet would run as a formula is
neutralised with the open-data export's rule (`practices.spreadsheets`): in CSV by the leading apostrophe OWASP
advises; in XLSX the cell is stored as a string with Excel's quote prefix, so the text is kept exactly and never
evaluated.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from practices.spreadsheets import is_formula, neutralise_formula

__all__ = ["table_csv", "table_xlsx"]

TBILISI = ZoneInfo("Asia/Tbilisi")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
# Excel's own limits: a sheet's name is at most 31 characters, without any of : \ / ? * [ ]
SHEET_TITLE_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")
SHEET_TITLE_MAX = 31
MAX_COLUMN_WIDTH = 60
FRACTION_PLACES = Decimal("0.0001")
EXCEL_CELL_MAX = 32767


def _cell(value):
    """A value as the spreadsheet should hold it: None, a number, a date or datetime (Tbilisi, naive), or text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, Fraction):  # the scoring's exact totals
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(FRACTION_PLACES, rounding=ROUND_HALF_UP)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("exports take aware datetimes only")
        return value.astimezone(TBILISI).replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    return str(value)


def _csv_text(value) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (int, float, bool)):
        return str(value)
    return neutralise_formula(value)


def table_csv(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Georgian text as Georgian."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    cleaned = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", title).split()).strip("'") or "Sheet"
    return cleaned[:SHEET_TITLE_MAX]


def table_xlsx(headers: list[str], rows: list[list], *, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    widths = [len(str(header)) for header in headers]
    for row_index, values in enumerate([headers, *rows], start=1):
        for column_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            value = _cell(value)
            if isinstance(value, str) and len(value) > EXCEL_CELL_MAX:
                value = value[: EXCEL_CELL_MAX - 1] + "…"  # Excel refuses a longer cell; the cut is shown
            cell.value = value
            if isinstance(value, str) and is_formula(value):
                # openpyxl takes a string beginning with "=" for a formula: store it as the text it is.
                cell.data_type = "s"
                cell.quotePrefix = True
            elif isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            if row_index == 1:
                cell.font = Font(bold=True)
            if column_index <= len(widths):
                longest = max((len(line) for line in str(value or "").splitlines()), default=0)
                widths[column_index - 1] = max(widths[column_index - 1], longest)
    for column_index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column_index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
