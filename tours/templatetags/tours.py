"""Template helpers for study tours: Tbilisi times, and the "See it in person" block of a practice's page.

The practice page loads this library (`{% load tours %}`), so the library
(practices/) never imports tours: the block comes from here.
"""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

from ..models import TOUR_LANGUAGES
from ..selectors import practice_next_tour_dates, practice_tour_feedback

register = template.Library()
TBILISI = ZoneInfo("Asia/Tbilisi")


@register.filter
def tour_day(value):
    """The calendar day of an instant in Tbilisi (a date, so `|date` shows it without converting again)."""
    return timezone.localtime(value, TBILISI).date() if value else value


@register.filter
def tour_time(value) -> str:
    """Hours and minutes in Tbilisi, 24-hour: 09:30, 14:00."""
    return timezone.localtime(value, TBILISI).strftime("%H:%M") if value else ""


@register.filter
def tour_languages(codes) -> str:
    names = dict(TOUR_LANGUAGES)
    return ", ".join(str(names[code]) for code in codes or [] if code in names)


@register.filter
def stars(rating) -> str:
    """★★★★☆ for 4 (the number itself is given alongside in text for screen readers)."""
    try:
        value = round(float(rating))
    except (TypeError, ValueError):
        return ""
    return "★" * value + "☆" * (5 - value)


@register.inclusion_tag("tours/practice_tours.html")
def practice_tours(practice):
    """"See it in person": the next dates of tours that show the practice, and what their visitors said."""
    if not practice.is_published:
        return {"show": False}
    slots = practice_next_tour_dates(practice=practice)
    feedback = practice_tour_feedback(practice=practice)
    return {"show": bool(slots or feedback.count), "slots": slots, "feedback": feedback, "practice": practice}
