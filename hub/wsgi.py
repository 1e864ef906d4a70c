import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")

from hub.startup import exit_unless_ready  # noqa: E402

# A worker that cannot configure itself or reach the database stops with one clear line.
exit_unless_ready(needs_database=True)
application = get_wsgi_application()
