"""E-mails about bookings, each in its recipient's language: the host in Georgian, the delegation in the language it chose.

`send_booking_email` is the thin task services enqueue on commit; the
rendering reads the booking fresh, so a message always tells its current state.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import TourBooking

# What each message is about, and who receives it.
SUBJECTS = {
    "received": _("New study tour request: %(offering)s"),
    "confirmed": _("Your visit is confirmed: %(offering)s"),
    "declined": _("Your visit request was declined: %(offering)s"),
    "cancelled": _("Visit cancelled: %(offering)s"),
    "slot_cancelled": _("The host cancelled the date of your visit: %(offering)s"),
    "promoted": _("Places are free for you: %(offering)s"),
    "lapsed": _("The offered places have lapsed: %(offering)s"),
    "reminder": _("Reminder: your visit in two days: %(offering)s"),
    "feedback": _("How was your visit? %(offering)s"),
}
TO_HOST = frozenset({"received"})
# Languages the hub's own pages and messages speak; other visit languages get English.
MESSAGE_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def booking_email_send(*, booking_id: int, kind: str) -> bool:
    """Send one message about a booking; False when there is nobody to send it to."""
    booking = (
        TourBooking.objects.select_related("slot__offering__organization", "host", "requesting_organization")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or kind not in SUBJECTS:
        return False
    offering = booking.slot.offering
    if kind in TO_HOST:
        recipient = offering.contact_email or booking.host.contact_email
        language = settings.LANGUAGE_CODE
    else:
        recipient = booking.contact_email
        language = booking.language if booking.language in MESSAGE_LANGUAGES else "en"
    if not recipient:
        return False
    with translation.override(language):
        context = {
            "kind": kind,
            "booking": booking,
            "offering": offering,
            "slot": booking.slot,
            "booking_url": _site_url(reverse("tour-booking-detail", args=[booking.pk])),
        }
        subject = str(SUBJECTS[kind]) % {"offering": offering.title}
        body = render_to_string("tours/email/booking.txt", context)
    send_mail(subject, body, None, [recipient])
    return True


# SMTP hiccups are retried; the booking itself is committed already.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_email(booking_id: int, kind: str) -> bool:
    return booking_email_send(booking_id=booking_id, kind=kind)
