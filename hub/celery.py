import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Eager tasks still take a producer from the pool. Without a broker that is kombu's in-memory
# transport, never used for delivery, rather than AMQP on localhost (and kombu's
# "No hostname was supplied" warning). settings.CELERY_BROKER_URL stays empty: it means embedded.
EMBEDDED_BROKER_URL = "memory://localhost/"


@app.on_after_configure.connect
def use_memory_transport_when_embedded(sender, **kwargs) -> None:
    if not sender.conf.broker_url:
        sender.conf.broker_url = EMBEDDED_BROKER_URL


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
