from django import template

from ..selectors import follow_for, follow_kind

register = template.Library()


@register.inclusion_tag("following/follow_button.html", takes_context=True)
def follow_button(context, target, compact: bool = False, following: bool | None = None):
    """Follow / unfollow `target` (a theme, an organization or a practice); signed-out people are asked to log in.

    Pages listing many targets pass `following` (known from one query) instead of a query per button.
    """
    request = context["request"]
    kind = follow_kind(target)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "kind": kind,
        "key": target.slug if kind != "practice" else target.pk,
        "following": following if following is not None else follow_for(user=request.user, target=target) is not None,
        "compact": compact,
    }
