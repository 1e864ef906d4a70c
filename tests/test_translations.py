"""Every string the pages can show has a Georgian translation.

The test reads what `makemessages` reads — every template (through Django's own
templatize) and every gettext call in the apps' Python — and asks the compiled
Georgian catalogues for each string. A string that comes back unchanged is
English left on a Georgian page, unless it is a proper name or a code that
reads the same in Georgian (ALLOWED_AS_IS).
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[1]
APPS = ("hub", "municipalities", "practices", "search", "following", "competitions", "sync")
GETTEXT = {
    "_": "gettext", "gettext": "gettext", "gettext_lazy": "gettext", "gettext_noop": "gettext",
    "pgettext": "pgettext", "pgettext_lazy": "pgettext",
    "ngettext": "ngettext", "ngettext_lazy": "ngettext", "npgettext": "npgettext", "npgettext_lazy": "npgettext",
}  # fmt: skip
TEMPLATE_CALL = re.compile(r"""\b(npgettext|ngettext|pgettext|gettext)\(((?:[^()'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")*)\)""")
# Proper names, codes and formats that Georgian writes the same way.
ALLOWED_AS_IS = {"NALA", "API", "MMS", "CSV", "JSON", "DCAT-AP", "CPSV-AP JSON-LD", "Markdown", "TOTP", "ID", "URL"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _source_files(pattern: str):
    for app in APPS:
        for path in (ROOT / app).rglob(pattern):
            if "migrations" not in path.parts:
                yield path


def _template_messages():
    for path in [*_source_files("*.html"), *_source_files("*.txt")]:
        if "templates" not in path.parts:
            continue
        for function, args in TEMPLATE_CALL.findall(templatize(path.read_text(), origin=str(path))):
            values = ast.literal_eval("(" + re.sub(r",\s*count\s*$", "", args) + ",)")
            yield path, function, values


def _python_messages():
    for path in _source_files("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT:
                continue
            literals = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            needed = {"gettext": 1, "pgettext": 2, "ngettext": 2, "npgettext": 3}[GETTEXT[name]]
            if len(literals) >= needed:
                yield path, GETTEXT[name], tuple(literals[:needed])


def _georgian(function: str, values: tuple) -> tuple[str, str]:
    """(source text, its Georgian translation)."""
    if function == "gettext":
        return values[0], translation.gettext(values[0])
    if function == "pgettext":
        return values[1], translation.pgettext(values[0], values[1])
    if function == "ngettext":
        return values[0], translation.ngettext(values[0], values[1], 1)
    return values[1], translation.npgettext(values[0], values[1], values[2], 1)


@pytest.fixture(scope="module")
def georgian_catalogues():
    call_command("compilemessages", ignore_patterns=[".venv/*"], verbosity=0)
    # A change of LOCALE_PATHS makes Django drop its cached catalogues and read the fresh ones.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        pass
    with translation.override("ka"):
        yield


def test_every_string_of_every_page_is_translated_into_georgian(georgian_catalogues):
    untranslated, seen = [], 0
    for path, function, values in [*_template_messages(), *_python_messages()]:
        source, georgian = _georgian(function, values)
        seen += 1
        if georgian != source or source.strip() in ALLOWED_AS_IS or not LATIN_WORD.search(source):
            continue
        untranslated.append(f"{path.relative_to(ROOT)}: {source!r}")
    assert seen > 500, "the walk found too few strings: is it reading the sources?"
    assert untranslated == []


def test_the_walk_notices_an_untranslated_string(georgian_catalogues):
    assert _georgian("gettext", ("A sentence nobody translated.",)) == ("A sentence nobody translated.",) * 2
    assert _georgian("pgettext", ("job title", "position"))[1] == "თანამდებობა"
