"""Georgian: Django's input formats and separators, the hub's display formats ("2 დეკემბერი 2026, 14:05").

Django's own Georgian display formats mix three date shapes and a 12-hour clock with English "a.m.".
"""

from django.conf.locale.ka.formats import *  # noqa: F401,F403

from hub.formats.shared import *  # noqa: F401,F403,E402
