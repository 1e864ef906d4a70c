"""Request body parsers that refuse what the database or Python cannot take, as a 400.

- A NUL character: PostgreSQL text cannot hold one, so every text value is
  refused before it reaches a query (paths and query strings are refused by
  `hub.middleware.RejectNulMiddleware`).
- JSON nested deeper than `MAX_JSON_DEPTH`: no form of the hub nests that
  deep, and Python's decoder would otherwise fail with a RecursionError.
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32
NUL = "\x00"


def nul_message() -> str:
    # Django's own wording (and its translations), as its form fields and DRF's serializers say it.
    return _("Null characters are not allowed.")


def too_deep_message() -> str:
    return _("The JSON body is nested too deeply (more than %(depth)d levels).") % {"depth": MAX_JSON_DEPTH}


def _check_json(data) -> None:
    """Walk the parsed value without recursion: no NUL in any key or string, no nesting beyond MAX_JSON_DEPTH."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                raise ParseError(nul_message())
        elif isinstance(value, (list, dict)):
            if depth > MAX_JSON_DEPTH:
                raise ParseError(too_deep_message())
            if isinstance(value, dict):
                for key in value:
                    if NUL in key:
                        raise ParseError(nul_message())
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The decoder gave up on the nesting before our depth check could run.
            raise ParseError(too_deep_message()) from None
        _check_json(data)
        return data


def _check_form(data) -> None:
    for key, values in data.lists():
        if NUL in key or any(isinstance(value, str) and NUL in value for value in values):
            raise ParseError(nul_message())


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check_form(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _check_form(result.data)
        for name in result.files:
            if NUL in name or any(NUL in (upload.name or "") for upload in result.files.getlist(name)):
                raise ParseError(nul_message())
        return result
