from django.conf import settings


def navigation(request) -> dict:
    return {"SITE_NAME_NALA_SLUG": settings.NALA_SLUG, "LANGUAGES": settings.LANGUAGES}
