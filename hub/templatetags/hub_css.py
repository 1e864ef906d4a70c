"""Template helpers for pages that must work under the Content-Security-Policy (no inline styles)."""

from django import template

register = template.Library()


@register.filter
def width_class(percent) -> str:
    """`hub-w-<0..100>`: a width in whole percent as a class from hub.css, where a style attribute would be refused."""
    try:
        value = round(float(percent))
    except (TypeError, ValueError):
        value = 0
    return f"hub-w-{min(max(value, 0), 100)}"
