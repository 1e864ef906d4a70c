"""Date ranges in the one shape every page uses: "22 February – 4 March 2016", "22–28 February 2016"."""

import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag
def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """The range from `start` to `end` with the shared part written once (an en dash, no spaces inside a month)."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return date_format(start or end, "DATE_FORMAT")
    if start.year != end.year:
        return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
    if start.month != end.month:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
    return f"{start.day}–{date_format(end, 'DATE_FORMAT')}"
