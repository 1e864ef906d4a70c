from django import template

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
