import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")

from hub.startup import exit_unless_database_reachable  # noqa: E402

application = get_wsgi_application()
exit_unless_database_reachable()
