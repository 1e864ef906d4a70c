from django.conf import settings
from django.core.checks import Error, register

from .backends import InvalidSearchBackendError, get_search_backend


@register("search")
def search_backends_check(app_configs, **kwargs) -> list[Error]:
    """Every configured backend loads, and there is a default one to search with."""
    configured = getattr(settings, "SEARCH_BACKENDS", {})
    errors = []
    if "default" not in configured:
        errors.append(
            Error(
                "SEARCH_BACKENDS has no 'default' backend.",
                hint='Add {"default": {"BACKEND": "search.backends.database"}}.',
                id="search.E001",
            )
        )
    for alias in configured:
        try:
            backend = get_search_backend(alias)
        except InvalidSearchBackendError as exc:
            errors.append(Error(str(exc), hint="Check SEARCH_BACKENDS in the settings.", id="search.E002"))
            continue
        errors.extend(Error(problem, id="search.E003", obj=alias) for problem in backend.configuration_problems())
    return errors
