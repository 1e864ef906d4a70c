from django import template

from ..selectors import follow_for, follow_kind

register = template.Library()


@register.inclusion_tag("following/follow_button.html", takes_context=True)
def follow_button(context, target, compact: bool = False):
    """Follow / unfollow `target` (a theme, an organization or a practice); signed-out people are asked to log in."""
    request = context["request"]
    kind = follow_kind(target)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "kind": kind,
        "key": target.slug if kind != "practice" else target.pk,
        "following": follow_for(user=request.user, target=target) is not None,
        "compact": compact,
    }
