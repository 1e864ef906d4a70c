"""Template helpers for the Best Practice Programme: Tbilisi times, and the award block of a practice's page.

The practice page loads this library (`{% load competitions %}`), so the
library (practices/) never imports competitions: the badge comes from here.
"""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from ..selectors import practice_award as award_of

register = template.Library()
TBILISI = ZoneInfo("Asia/Tbilisi")


@register.filter
def tbilisi(value) -> str:
    """An instant in Tbilisi time, to the second: 30.11.2025 23:59:59."""
    return timezone.localtime(value, TBILISI).strftime("%d.%m.%Y %H:%M:%S") if value else ""


@register.inclusion_tag("competitions/practice_award.html")
def practice_award(practice):
    """"Best Practice <edition>": shown on a winner's page, with a link to the call's results."""
    return {"award": award_of(practice=practice)}
