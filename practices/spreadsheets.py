"""Text a spreadsheet must never read as a formula (CSV injection): the open-data export and the programme's
exports share this one rule."""

import re

# A spreadsheet reads a cell that begins with one of these as a formula (=HYPERLINK(…), @SUM(…), a DDE call).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would evaluate this text; a signed number stays a number."""
    return text.startswith(FORMULA_TRIGGERS) and not NUMBER.fullmatch(text)


def neutralise_formula(text: str) -> str:
    """Neutralised as OWASP advises: a leading apostrophe makes the cell text."""
    return "'" + text if is_formula(text) else text
