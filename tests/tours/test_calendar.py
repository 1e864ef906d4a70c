"""iCalendar files: one booking's .ics and the private, revocable subscription feeds, in Tbilisi time."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from municipalities.models import Membership
from tests.factories import MembershipFactory, verified_user
from tours.models import CalendarFeed
from tours.services import calendar_feed_create, tour_booking_confirm, tour_slot_create

pytestmark = pytest.mark.django_db

TBILISI = ZoneInfo("Asia/Tbilisi")


@pytest.fixture
def visit(offering, host_actor, request_places):
    """A visit at 10:00 Tbilisi time (06:00 UTC) on a date next year, booked by the other organization."""
    starts = datetime.datetime(datetime.date.today().year + 1, 4, 15, 10, 0, tzinfo=TBILISI)
    slot = tour_slot_create(offering=offering, starts_at=starts, capacity=10, actor=host_actor)
    return request_places(slot, 3)


def events(body: bytes) -> list:
    return [component for component in Calendar.from_ical(body).walk("VEVENT")]


def test_booking_ics_parses_and_carries_the_tbilisi_time_with_its_tzid(client, delegation_user, visit, offering):
    client.force_login(delegation_user)
    response = client.get(reverse("tour-booking-ics", args=[visit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    calendar = Calendar.from_ical(body)
    assert [component["TZID"] for component in calendar.walk("VTIMEZONE")] == ["Asia/Tbilisi"]
    (event,) = events(body)
    assert event["DTSTART"].params["TZID"] == "Asia/Tbilisi"
    assert event["DTEND"].params["TZID"] == "Asia/Tbilisi"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.minute) == (10, 0) and start.utcoffset() == datetime.timedelta(hours=4)
    assert start == visit.slot.starts_at and end - start == datetime.timedelta(minutes=offering.duration_minutes)
    # The local time is written as such, not converted to UTC.
    assert re.search(rb"DTSTART;TZID=Asia/Tbilisi:\d{8}T100000", body)
    assert str(event["SUMMARY"]).startswith(offering.title)
    assert str(event["STATUS"]) == "TENTATIVE"


def test_confirmed_booking_is_confirmed_in_the_ics_and_the_host_downloads_it(client, editor, visit, host_actor):
    tour_booking_confirm(booking=visit, actor=host_actor)
    client.force_login(editor)
    (event,) = events(client.get(reverse("tour-booking-ics", args=[visit.pk])).content)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_booking_ics_is_only_for_people_who_may_see_the_booking(client, visit):
    url = reverse("tour-booking-ics", args=[visit.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(verified_user())
    assert client.get(url).status_code == 404


def test_host_subscription_feed_works_and_stops_after_revoke(client, editor, organization, visit):
    client.force_login(editor)
    response = client.post(reverse("tour-calendar-feeds"), {"organization": organization.pk, "as_host": "host"})
    assert response.status_code == 200
    url = response.context["created"]["url"]
    token = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")
    assert token and token in response.content.decode()
    feed = CalendarFeed.objects.get()
    assert feed.as_host and feed.token_prefix == token[:8] and token not in feed.token_hash
    # Shown once: the list afterwards names only the prefix.
    listing = client.get(reverse("tour-calendar-feeds")).content.decode()
    assert token not in listing and feed.token_prefix in listing

    client.logout()  # calendar programs send no session: the token is the credential
    feed_url = reverse("tour-calendar-feed", args=[token])
    served = client.get(feed_url)
    assert served.status_code == 200 and served["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = events(served.content)
    assert event["DTSTART"].params["TZID"] == "Asia/Tbilisi"
    assert event.decoded("DTSTART").hour == 10 and event.decoded("DTSTART") == visit.slot.starts_at
    assert str(Calendar.from_ical(served.content)["X-WR-TIMEZONE"]) == "Asia/Tbilisi"

    client.force_login(editor)
    client.post(reverse("tour-calendar-feed-revoke", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    client.logout()
    assert client.get(feed_url).status_code == 404


def test_delegation_feed_shows_the_bookings_it_made(client, delegation_user, other_organization, visit):
    client.force_login(delegation_user)
    response = client.post(reverse("tour-calendar-feeds"), {"organization": other_organization.pk, "as_host": "delegation"})
    token = response.context["created"]["url"].rsplit("/", 1)[-1].removesuffix(".ics")
    client.logout()
    (event,) = events(client.get(reverse("tour-calendar-feed", args=[token])).content)
    assert event.decoded("DTSTART") == visit.slot.starts_at


def test_a_member_cannot_make_a_hosting_feed_and_the_refusal_is_a_form_error(client, member, organization):
    client.force_login(member)
    response = client.post(reverse("tour-calendar-feeds"), {"organization": organization.pk, "as_host": "host"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not CalendarFeed.objects.exists()


def test_nobody_revokes_another_organizations_feed(client, organization, host_actor):
    feed, _token = calendar_feed_create(organization=organization, as_host=True, actor=host_actor)
    client.force_login(MembershipFactory(role=Membership.Role.ADMIN).user)
    assert client.post(reverse("tour-calendar-feed-revoke", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_unknown_token_is_404(client):
    assert client.get(reverse("tour-calendar-feed", args=["not-a-token"])).status_code == 404
