"""gunicorn's settings: `gunicorn --config python:hub.gunicorn_config hub.wsgi`.

Each request is logged once, as JSON, by hub.middleware.RequestLogMiddleware, so
gunicorn's own access log stays off; its error log uses the hub's JSON format.
"""

from hub.settings.env import env
from hub.settings.parts.logging import LOGGING

bind = env.str("GUNICORN_BIND", default="0.0.0.0:8000")
workers = env.int("WEB_CONCURRENCY", default=2)
timeout = env.int("GUNICORN_TIMEOUT", default=60)
logconfig_dict = LOGGING
# The control socket is for interactive administration; containers restart instead.
control_socket_disable = True
