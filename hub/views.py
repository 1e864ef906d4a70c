from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from practices.selectors.overview import (
    hub_counts,
    practices_latest,
    practices_most_adopted,
    themes_with_counts,
    training_sessions_upcoming,
)


def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("hub/favicon.svg"))


@require_POST
def set_language(request):
    """Django's language switch, landing on the same page in the chosen language, both ways.

    Django translates `next` by resolving it in the active language; the switch is
    posted outside the language prefixes, so `/en/…` would not resolve while Georgian
    (unprefixed) is active and the page would reload in English. Resolving under the
    language the `next` path is written in makes the translation work from either side.
    """
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    path = next_url.split("?", 1)[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return django_set_language(request)



def home(request):
    """Where people start: one search box, what is new and most adopted, the next trainings, counts and themes."""
    return render(
        request,
        "hub/home.html",
        {
            "counts": hub_counts(),
            "latest_practices": practices_latest(),
            "most_adopted": practices_most_adopted(),
            "upcoming_sessions": training_sessions_upcoming(),
            "themes": themes_with_counts(),
        },
    )
