from ..env import env

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")

# One JSON object per line on stderr, for the web app, gunicorn (hub/gunicorn_config.py
# hands it this dict) and the Celery worker and beat (hub/celery.py applies it).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC: Django switches the process's local time to Asia/Tbilisi
            # after gunicorn's master starts, so local times would disagree between lines.
            "timestamp": "time",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default config gives "django" a plain console handler of its own (DEBUG only),
        # which printed "Not Found: …" once more beside the JSON line.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware logs every request; runserver's own line would repeat each one.
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "elastic_transport": {"level": "WARNING"},
        # gunicorn gives its loggers handlers of its own and stops propagation; naming
        # them here replaces those handlers with ours.
        "gunicorn.error": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # RequestLogMiddleware already logs every request; gunicorn's access line would repeat it.
        "gunicorn.access": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
