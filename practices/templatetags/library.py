from django import template
from django.utils.translation import pgettext_lazy

from practices.selectors.action_plan import action_plan_attach_progress

register = template.Library()


@register.filter
def plan_progress(plan) -> float | None:
    """The plan's progress, computed from its prefetched tree when the view has not done it yet."""
    if not hasattr(plan, "progress"):
        action_plan_attach_progress([plan])
    return plan.progress


@register.inclusion_tag("practices/library/progress.html")
def progress_bar(progress: float | None, label: str):
    """An accessible progress bar; None (nothing measured) is said in words, not drawn as 0."""
    percent = None if progress is None else round(progress * 100)
    return {"percent": percent, "label": label}


# Units indicators are commonly counted in, said in the reader's language; other units show as entered.
UNIT_LABELS = {
    "persons": pgettext_lazy("indicator unit", "persons"),
    "people": pgettext_lazy("indicator unit", "persons"),
    "users": pgettext_lazy("indicator unit", "users"),
    "calls": pgettext_lazy("indicator unit", "calls"),
    "documents": pgettext_lazy("indicator unit", "documents"),
    "services": pgettext_lazy("indicator unit", "services"),
    "sessions": pgettext_lazy("indicator unit", "sessions"),
    "applications": pgettext_lazy("indicator unit", "applications"),
    "complaints": pgettext_lazy("indicator unit", "complaints"),
    "petitions": pgettext_lazy("indicator unit", "petitions"),
    "datasets": pgettext_lazy("indicator unit", "datasets"),
    "days": pgettext_lazy("indicator unit", "days"),
    "visits": pgettext_lazy("indicator unit", "visits"),
    "GEL": pgettext_lazy("indicator unit", "GEL"),
}


@register.filter
def unit_label(unit: str) -> str:
    return UNIT_LABELS.get((unit or "").strip(), unit)
