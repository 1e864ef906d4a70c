from decimal import Decimal

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from hub.templatetags.hub_dates import date_range
from municipalities.models import in_language
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


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


# A start and an end date read as one range ("22 February – 4 March 2016"), under one label.
DATE_RANGES = {"period_start": ("period_end", gettext_lazy("period"))}
DATE_RANGE_ENDS = {end for end, _label in DATE_RANGES.values()}


@register.simple_tag
def filled_fields(item, names: list[str]) -> list[tuple[str, str]]:
    """(label, HTML) of the item's non-empty fields among `names`, in the reader's language.

    `names` are plain field names or bilingual bases (`challenge` for challenge_ka/_en);
    text fields are rendered as sanitized Markdown.
    """
    rows = []
    for name in names:
        if name in DATE_RANGES:
            end_name, label = DATE_RANGES[name]
            start, end = getattr(item, name), getattr(item, end_name, None)
            if start or end:
                rows.append((label, conditional_escape(date_range(start, end))))
            continue
        if name in DATE_RANGE_ENDS:
            continue
        try:
            field = item._meta.get_field(f"{name}_ka")
            value = in_language(item, name)
        except FieldDoesNotExist:
            field = item._meta.get_field(name)
            value = getattr(item, name)
        if field.is_relation or value in (None, ""):
            continue
        label = getattr(field, "base_label", field.verbose_name)
        if isinstance(field, models.TextField):
            html = render_markdown(value)
        elif isinstance(value, Decimal):
            # Money: grouped thousands in the reader's locale (143 000,00 / 143,000.00), never a bare 143000.00.
            html = number_format(value, decimal_pos=2, force_grouping=True)
        else:
            html = conditional_escape(date_format(value, "DATE_FORMAT") if hasattr(value, "isoformat") else value)
        rows.append((label, mark_safe(html)))  # noqa: S308 — sanitized or escaped above
    return rows


@register.simple_tag
def form_rows(form, names: list[str]) -> list[list]:
    """The bound fields for `names`, a bilingual base giving its Georgian and English fields side by side."""
    rows = []
    for name in names:
        if f"{name}_ka" in form.fields:
            rows.append([form[f"{name}_ka"], form[f"{name}_en"]])
        elif name in form.fields:
            rows.append([form[name]])
    return rows


@register.filter
def label_case(text) -> str:
    """Capitalise a label's first letter in Latin script only: Georgian has no capitals in running text.

    (Django's capfirst turns a Georgian first letter into Mtavruli, which reads as shouting.)
    """
    text = str(text)
    first = text[:1]
    if "\u1c90" <= first <= "\u1cbf":  # Mtavruli back to Mkhedruli
        return chr(ord(first) - 0x1C90 + 0x10D0) + text[1:]
    return text[:1].upper() + text[1:] if first.isascii() else text


@register.filter
def names_owner(title, organization) -> bool:
    """Whether a title already ends with its organization's name ("… — Khashuri"), so pages need not repeat it."""
    name = str(getattr(organization, "name", organization) or "").strip()
    return bool(name) and str(title).rstrip().rstrip(")").endswith(name.rstrip(")"))
