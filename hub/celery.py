import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="hub.ping")
def ping(value: str) -> str:
    """Round-trips through the broker: used by /healthz and the broker test."""
    return f"pong:{value}"
