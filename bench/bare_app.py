"""The yardstick for bench/api_load.py: a bare Django JSON view with one database round trip.

Same Django, same PostgreSQL, same gunicorn settings as the hub; nothing else (no middleware, no DRF).
Served with: DATABASE_URL=… gunicorn bench.bare_app:application
"""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import JsonResponse
from django.urls import path

if not settings.configured:
    import environ

    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        SECRET_KEY="bench-only-bare-view",
        ROOT_URLCONF=__name__,
        DATABASES={"default": {**environ.Env.db_url_config(os.environ["DATABASE_URL"]), "CONN_MAX_AGE": 60}},
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()


def bare(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (value,) = cursor.fetchone()
    return JsonResponse({"ok": value, "path": request.path, "query": request.GET.urlencode()})


urlpatterns = [path("bare/", bare)]
application = get_wsgi_application()
