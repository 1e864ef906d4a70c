from django import template
from django.utils.safestring import mark_safe

from practices.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    # render_markdown sanitizes with an allow-list, so the result is safe to mark as such.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.simple_tag
def content_url(item, page: str = "detail") -> str:
    """`{% content_url item 'edit' %}`: one of a content item's pages (see Content.page_url)."""
    return item.page_url(page)
