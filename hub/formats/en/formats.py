"""English: Django's input formats and separators, the hub's display formats ("2 December 2026, 14:05")."""

from django.conf.locale.en.formats import *  # noqa: F401,F403

from hub.formats.shared import *  # noqa: F401,F403,E402
