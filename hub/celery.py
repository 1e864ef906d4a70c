import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def configure_logging_from_settings(**kwargs) -> None:
    """Worker and beat log JSON lines like the web app, instead of Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@app.task(name="hub.ping")
def ping(value: str) -> str:
    """Round-trips through the broker: used by the broker test and by operators checking a worker."""
    return f"pong:{value}"
