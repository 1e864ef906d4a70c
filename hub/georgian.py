"""Georgian has no capital letters in running text: never upper-case it.

Python (Unicode 11+) maps Mkhedruli letters to Mtavruli capitals, which fonts
mostly lack, so Django's `capfirst` turns "ჯგუფები" into "□გუფები" in the admin,
form labels and error messages. `install()` swaps Django's `capfirst` (and the
`capfirst`, `title` and `upper` template filters) for versions that leave
Georgian letters alone and capitalise everything else as before. CSS
text-transform is switched off in hub.css and hub/admin.css.
"""

import sys

from django.template import defaultfilters
from django.utils import text
from django.utils.functional import keep_lazy_text

# Mkhedruli (the letters in use) and its supplement; Mtavruli is U+1C90–U+1CBF.
_GEORGIAN = ((0x10A0, 0x10FF), (0x2D00, 0x2D2F), (0x1C90, 0x1CBF))

# Modules that imported capfirst by name, so replacing django.utils.text.capfirst alone would miss them.
_CAPFIRST_USERS = (
    "django.contrib.admin.sites",
    "django.contrib.admin.helpers",
    "django.contrib.admin.options",
    "django.contrib.admin.utils",
    "django.contrib.admin.templatetags.admin_list",
    "django.contrib.auth.forms",
    "django.db.models.base",
    "django.db.models.fields",
    "django.forms.models",
)


def is_georgian(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _GEORGIAN)


def _upper_keeping_georgian(value: str) -> str:
    return "".join(char if is_georgian(char) else char.upper() for char in value)


@keep_lazy_text
def capfirst(x):
    """Django's capfirst, except that a Georgian first letter stays as it is."""
    if not x:
        return x
    value = str(x)
    if is_georgian(value[0]):
        return value
    return value[0].upper() + value[1:]


@defaultfilters.stringfilter
def capfirst_filter(value):
    return capfirst(value)


@defaultfilters.stringfilter
def title_filter(value):
    # Title-casing is for Latin words; text with Georgian in it keeps its letters.
    return value if any(is_georgian(char) for char in value) else defaultfilters.title(value)


@defaultfilters.stringfilter
def upper_filter(value):
    return _upper_keeping_georgian(value)


# As Django registers them: capfirst and title keep a safe string safe, upper does not.
capfirst_filter.is_safe = True
title_filter.is_safe = True
upper_filter.is_safe = False


def install() -> None:
    text.capfirst = capfirst
    for name in _CAPFIRST_USERS:
        module = sys.modules.get(name)
        if module is None:
            __import__(name)
            module = sys.modules[name]
        if getattr(module, "capfirst", None) is not None:
            module.capfirst = capfirst
    filters = defaultfilters.register.filters
    filters["capfirst"] = capfirst_filter
    filters["title"] = title_filter
    filters["upper"] = upper_filter
