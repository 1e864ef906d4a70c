# The hub's one image: web (gunicorn), worker and beat (celery) all run it.
# Build: docker build -t municipal-knowledge-hub .   Run: see docker-compose.yml and docs/operations.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=hub.settings.base \
    PYTHONPATH=/app

# gettext provides msgfmt for compilemessages; psycopg[binary] and Pillow bring their own libraries.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 hub

WORKDIR /app
COPY . .

# Commands run from /app (PYTHONPATH), so the templates, translations and static
# files next to the code are the ones served; `pip install .` brings the dependencies.
# collectstatic runs in production mode, so the manifest matches what DEBUG=0 serves;
# the SECRET_KEY below exists only for this build step.
RUN pip install . \
    && python manage.py compilemessages -v 0 \
    && DEBUG=0 SECRET_KEY=image-build-only-never-used-at-run-time-0123456789 ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/media \
    && chown -R hub:hub /app/media

USER hub
EXPOSE 8000
CMD ["gunicorn", "--config", "python:hub.gunicorn_config", "hub.wsgi"]
