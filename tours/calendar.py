"""iCalendar files (RFC 5545, through the `icalendar` library): one booking, or a subscription feed.

Times are written in Asia/Tbilisi with the time zone included (a VTIMEZONE
component), so calendar programs show the visit at the host's local time.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from .models import TourBooking

TBILISI = ZoneInfo("Asia/Tbilisi")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Municipal Knowledge Hub//Study tours//KA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tbilisi")
    calendar.add_component(Timezone.from_tzid("Asia/Tbilisi"))
    return calendar


def _event(booking: TourBooking) -> Event:
    slot, offering = booking.slot, booking.slot.offering
    event = Event()
    event.add("uid", f"tour-booking-{booking.pk}@{settings.SITE_URL.split('://')[-1].split('/')[0]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at, TBILISI))
    event.add("dtend", timezone.localtime(slot.ends_at, TBILISI))
    event.add("summary", f"{offering.title} — {offering.organization.name}")
    event.add("description", f"{booking.delegation}: {booking.participants}\n{offering.what_visitors_see}".strip())
    if offering.address:
        event.add("location", offering.address)
    event.add("status", "CONFIRMED" if booking.status in (booking.Status.CONFIRMED, booking.Status.COMPLETED) else "TENTATIVE")
    return event


def booking_ics(booking: TourBooking) -> bytes:
    calendar = _calendar(booking.slot.offering.title)
    calendar.add_component(_event(booking))
    return calendar.to_ical()


def bookings_ics(*, name: str, bookings: Iterable[TourBooking]) -> bytes:
    calendar = _calendar(name)
    for booking in bookings:
        calendar.add_component(_event(booking))
    return calendar.to_ical()
