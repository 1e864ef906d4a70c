"""Roles × study-tour actions over the API → HTTP status, in the style of tests/practices/permission_matrix.py.

Roles are relative to the host (the `organization` fixture): anonymous, its
member, editor and admin, an editor of another organization, a NALA
administrator, and the host's read and write API keys. The booking acted on
was made by a third organization's delegation, so "member" and "editor" of
the host are never the delegation. A refused write changes nothing.
"""

import datetime

import pytest
from django.utils import timezone

from tests.practices.permission_matrix import (
    CONTENT_MATRIX,
    ROLES,
    assert_unchanged_when_refused,
    client_for_role,
    perform,
)
from tours.models import TourBooking, TourOffering, TourSlot

from .test_api import (  # noqa: F401  (fixtures)
    BOOKINGS,
    SLOTS,
    TOURS,
    booking_payload,
    create_offering,
    create_slot,
    make_practice,
    other_editor,
    request_booking,
    third_organization,
)

pytestmark = pytest.mark.django_db

_HOST_WRITE = {"anonymous": 401, "member": 403, "editor": 200, "admin": 200, "other_editor": 403,
               "nala_admin": 403, "read_key": 403, "write_key": 200}  # fmt: skip
EXPECTED = {
    "slot_list": dict.fromkeys(ROLES, 200),
    "slot_detail": dict.fromkeys(ROLES, 200),
    # A draft's dates are the host's business only.
    "draft_slot_detail": {"anonymous": 404, "member": 200, "editor": 200, "admin": 200, "other_editor": 404,
                          "nala_admin": 404, "read_key": 200, "write_key": 200},  # fmt: skip
    "slot_create": {**_HOST_WRITE, "editor": 201, "admin": 201, "write_key": 201},
    "slot_weekly": {**_HOST_WRITE, "editor": 201, "admin": 201, "write_key": 201},
    "slot_resize": _HOST_WRITE,
    "slot_cancel": _HOST_WRITE,
    "booking_list": dict.fromkeys(ROLES, 200),
    # Another delegation's booking: the host's people see it, strangers do not.
    "booking_detail": {"anonymous": 404, "member": 200, "editor": 200, "admin": 200, "other_editor": 404,
                       "nala_admin": 404, "read_key": 200, "write_key": 200},  # fmt: skip
    "booking_ics": {"anonymous": 404, "member": 200, "editor": 200, "admin": 200, "other_editor": 404,
                    "nala_admin": 404, "read_key": 200, "write_key": 200},  # fmt: skip
    # Anyone signed in may ask for places (for themselves or their organization); a read-only key may not write.
    "booking_create": {"anonymous": 401, "member": 201, "editor": 201, "admin": 201, "other_editor": 201,
                       "nala_admin": 201, "read_key": 403, "write_key": 201},  # fmt: skip
    "booking_confirm": _HOST_WRITE,
    "booking_decline": _HOST_WRITE,
    # The host's editors may cancel a booking; nobody else but the delegation.
    "booking_cancel": _HOST_WRITE,
    # Only the delegation accepts an offer: the host's people are refused by the service.
    "booking_accept_offer": {**_HOST_WRITE, "editor": 403, "admin": 403, "write_key": 403},
}
TOURS_MATRIX = [(role, action, EXPECTED[action][role]) for action in EXPECTED for role in ROLES]
WRITES = {"slot_resize", "slot_cancel", "booking_confirm", "booking_decline", "booking_cancel", "booking_accept_offer"}


def _act(action: str, client, *, offering: TourOffering, slot: TourSlot, draft_slot: TourSlot, booking: TourBooking):
    starts_at = (timezone.now() + datetime.timedelta(days=12)).isoformat()
    json = {"format": "json", "HTTP_ACCEPT_LANGUAGE": "en"}
    routes = {
        "slot_list": lambda: client.get(SLOTS),
        "slot_detail": lambda: client.get(f"{SLOTS}{slot.pk}/"),
        "draft_slot_detail": lambda: client.get(f"{SLOTS}{draft_slot.pk}/"),
        "slot_create": lambda: client.post(SLOTS, {"offering": offering.pk, "starts_at": starts_at, "capacity": 5}, **json),
        "slot_weekly": lambda: client.post(f"{SLOTS}weekly/", {"offering": offering.pk, "first_day": "2031-03-03",
                                           "last_day": "2031-03-10", "weekdays": [0], "start_time": "10:00", "capacity": 5}, **json),  # fmt: skip
        "slot_resize": lambda: client.patch(f"{SLOTS}{slot.pk}/", {"capacity": 12}, **json),
        "slot_cancel": lambda: client.post(f"{SLOTS}{slot.pk}/cancel/", {"reason": "დახურულია"}, **json),
        "booking_list": lambda: client.get(BOOKINGS),
        "booking_detail": lambda: client.get(f"{BOOKINGS}{booking.pk}/"),
        "booking_ics": lambda: client.get(f"{BOOKINGS}{booking.pk}/ics/"),
        "booking_create": lambda: client.post(BOOKINGS, booking_payload(slot, participants=2, delegation_name="დელეგაცია"), **json),
        "booking_confirm": lambda: client.post(f"{BOOKINGS}{booking.pk}/confirm/", {}, **json),
        "booking_decline": lambda: client.post(f"{BOOKINGS}{booking.pk}/decline/", {"message": "ვერ მიგიღებთ"}, **json),
        "booking_cancel": lambda: client.post(f"{BOOKINGS}{booking.pk}/cancel/", {}, **json),
        "booking_accept_offer": lambda: client.post(f"{BOOKINGS}{booking.pk}/accept-offer/", {}, **json),
    }
    return routes[action]()


@pytest.mark.parametrize(("role", "action", "expected"), TOURS_MATRIX)
def test_tours_permission_matrix(request, role, action, expected, organization, third_organization):
    offering = create_offering(organization)
    slot = create_slot(offering, capacity=10)
    draft_slot = create_slot(create_offering(organization, published=False, title_ka="დრაფტი", title_en="Draft"))
    booking = request_booking(slot, third_organization, participants=3)
    if action == "booking_accept_offer":
        TourBooking.objects.filter(pk=booking.pk).update(
            status=TourBooking.Status.PROMOTED, promotion_deadline=timezone.now() + datetime.timedelta(days=1)
        )
    before_slot = TourSlot.objects.values("capacity", "status", "held_places").get(pk=slot.pk)
    before_booking = TourBooking.objects.values_list("status", flat=True).get(pk=booking.pk)
    slots_before, bookings_before = TourSlot.objects.count(), TourBooking.objects.count()

    response = _act(action, client_for_role(role, request), offering=offering, slot=slot, draft_slot=draft_slot, booking=booking)

    assert response.status_code == expected, response.content
    if response.status_code >= 400:
        assert set(response.json()["error"]) >= {"status", "code", "message"}
        if action in WRITES or action.endswith(("create", "weekly")):
            assert TourSlot.objects.values("capacity", "status", "held_places").get(pk=slot.pk) == before_slot
            assert TourBooking.objects.values_list("status", flat=True).get(pk=booking.pk) == before_booking
            assert (TourSlot.objects.count(), TourBooking.objects.count()) == (slots_before, bookings_before)


def test_booking_list_shows_each_actor_only_its_bookings(client_for, api_key_for, organization, other_organization, third_organization, other_editor):
    slot = create_slot(create_offering(organization))
    hosted = request_booking(slot, third_organization, participants=2)
    elsewhere = create_slot(create_offering(other_organization, title_ka="ვანის ტური", title_en="Vani tour"))
    made = request_booking(elsewhere, organization, participants=2)
    host_key = api_key_for(organization)[0]
    assert sorted(row["id"] for row in host_key.get(BOOKINGS).json()["results"]) == sorted([hosted.pk, made.pk])
    assert [row["id"] for row in client_for(other_editor).get(BOOKINGS).json()["results"]] == [made.pk]
    assert [row["id"] for row in api_key_for(third_organization)[0].get(BOOKINGS).json()["results"]] == [hosted.pk]


@pytest.mark.parametrize(("role", "action", "expected"), CONTENT_MATRIX)
def test_tour_offering_permission_matrix(request, role, action, expected, organization):
    """Offerings are content: the library's matrix holds for them unchanged."""
    draft = create_offering(organization, published=False, title_ka="დრაფტი", title_en="Draft tour")
    published = create_offering(organization, title_ka="გამოქვეყნებული", title_en="Published tour")
    response = perform(
        action, request.getfixturevalue("api_client") if role == "anonymous" else client_for_role(role, request),
        collection_url=TOURS, draft=draft, published=published,
        create_payload={"organization": organization.slug, "title_ka": "ახალი ტური"}, update_payload={"max_group_size": 9},
    )  # fmt: skip
    assert response.status_code == expected, response.content
    if action == "delete" and expected == 204:
        assert not TourOffering.objects.filter(pk=published.pk).exists()
    else:
        assert_unchanged_when_refused(action, response, published)
