"""The study-tours API: offerings, dates, bookings; every refusal answers with its status, code and message and changes nothing.

The host is the `organization` fixture (its `editor`); delegations come from
`other_organization` (its `delegate`, a member) and `third_organization`.
The fixtures here are shared by the other tours API tests, which import them.
"""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from municipalities.actors import Actor
from municipalities.models import AuditEntry, Membership
from practices.services.content import content_publish
from tests.actors import TEST_ACTOR
from tests.factories import MembershipFactory, OrganizationFactory, verified_user
from tests.practices.conftest import make_practice, other_editor  # noqa: F401  (fixtures)
from tours.models import TourBooking, TourFeedback, TourOffering, TourSlot
from tours.services import (
    TBILISI,
    tour_booking_request,
    tour_offering_create,
    tour_slot_create,
)

pytestmark = pytest.mark.django_db

TOURS, SLOTS, BOOKINGS = "/api/v1/tours/", "/api/v1/tour-slots/", "/api/v1/tour-bookings/"


# --- fixtures and helpers (imported by test_api_permissions.py and test_concurrency.py) -------
def host_actor(organization) -> Actor:
    """The system acting for the host: sets up offerings and dates the way its editors would."""
    return Actor.system(name="tests.host", organization=organization)


def create_offering(organization, *, published: bool = True, **fields) -> TourOffering:
    fields.setdefault("title_ka", "ელექტრონული მერია: სტუმრობა")
    fields.setdefault("title_en", "Electronic city hall: a visit")
    fields.setdefault("max_group_size", 20)
    offering = tour_offering_create(organization=organization, fields=fields, actor=TEST_ACTOR)
    if published:
        content_publish(item=offering, actor=TEST_ACTOR)
        offering.refresh_from_db()
    return offering


def create_slot(offering, *, capacity: int = 10, days: int = 10) -> TourSlot:
    starts_at = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return tour_slot_create(offering=offering, starts_at=starts_at, capacity=capacity, actor=host_actor(offering.organization))


def booking_payload(slot, *, participants: int = 4, **extra) -> dict:
    return {"slot": slot.pk, "contact_name": "ნინო ბერიძე", "contact_email": "nino@example.ge", "participants": participants, **extra}


def request_booking(slot, user_or_org, *, participants: int = 4, key: str | None = None) -> TourBooking:
    """A booking made through the service: by a member of an organization (Organization) or a person (User)."""
    from municipalities.models import Organization

    if isinstance(user_or_org, Organization):
        actor, organization = host_actor(user_or_org), user_or_org
    else:
        actor, organization = Actor.for_user(user_or_org), None
    booking, _created = tour_booking_request(
        slot=slot, actor=actor, request_key=key or f"k-{TourBooking.objects.count()}-{participants}",
        contact_name="Contact", contact_email="contact@example.ge", participants=participants,
        requesting_organization=organization, delegation_name="" if organization else "Private delegation",
    )  # fmt: skip
    return booking


@pytest.fixture
def third_organization(db):
    return OrganizationFactory(slug="kutaisi-test", name_en="Kutaisi (test)", name_ka="ქუთაისი (ტესტი)")


@pytest.fixture
def delegate(other_organization):
    """A member of the delegation's organization (`other_organization`)."""
    user = verified_user()
    MembershipFactory(user=user, organization=other_organization, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def third_delegate(third_organization):
    user = verified_user()
    MembershipFactory(user=user, organization=third_organization, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def offering(organization) -> TourOffering:
    return create_offering(organization)


@pytest.fixture
def auto_offering(organization) -> TourOffering:
    return create_offering(organization, title_ka="ავტომატური", title_en="Automatic", confirmation=TourOffering.Confirmation.AUTOMATIC)


@pytest.fixture
def slot(offering) -> TourSlot:
    return create_slot(offering, capacity=10)


def post(client, url: str, data: dict | None = None, **headers):
    return client.post(url, data or {}, format="json", HTTP_ACCEPT_LANGUAGE="en", **headers)


def patch(client, url: str, data: dict):
    return client.patch(url, data, format="json", HTTP_ACCEPT_LANGUAGE="en")


def error(response) -> dict:
    return response.json()["error"]


def held(slot) -> int:
    slot.refresh_from_db()
    return slot.held_places


# --- offerings ------------------------------------------------------------------------------------
def test_offering_create_links_practices_by_id_and_by_slug(editor_client, organization, make_practice):
    first = make_practice(title_ka="პირველი", title_en="First", published=True)
    second = make_practice(title_ka="მეორე", title_en="Second", published=True)
    response = post(editor_client, TOURS, {
        "organization": organization.slug, "title_ka": "სტუმრობა", "languages": ["ka", "en"], "max_group_size": 12,
        "practices": [first.pk], "practice_slugs": [f"{organization.slug}/{second.slug}"],
    })  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert sorted(practice["id"] for practice in body["practices"]) == sorted([first.pk, second.pk])
    assert body["next_dates"] == []
    offering = TourOffering.objects.get(pk=body["id"])
    assert set(offering.practices.all()) == {first, second}
    assert AuditEntry.objects.filter(action="content.created", target_type="tours.touroffering", target_id=str(offering.pk)).count() == 1


def test_offering_refuses_unknown_and_unpublished_practices(editor_client, organization, make_practice):
    draft = make_practice(title_ka="დრაფტი", title_en="Draft practice")
    unknown = post(editor_client, TOURS, {"organization": organization.slug, "title_ka": "ა", "practices": [999999]})
    assert unknown.status_code == 400
    assert error(unknown)["fields"] == {"practices": ["There is no practice 999999."]}
    unpublished = post(editor_client, TOURS, {"organization": organization.slug, "title_ka": "ა", "practices": [draft.pk]})
    assert unpublished.status_code == 400
    assert error(unpublished)["fields"] == {"practices": ["Link only published practices: Draft practice."]}
    bad_language = post(editor_client, TOURS, {"organization": organization.slug, "title_ka": "ა", "languages": ["fr"]})
    assert bad_language.status_code == 400
    assert error(bad_language)["fields"] == {"languages": ["Choose languages from: az, en, hy, ka, ru."]}
    assert not TourOffering.objects.exists()


def test_offering_lists_its_next_open_dates_and_practices_in_constant_queries(
    api_client, offering, make_practice, django_assert_max_num_queries
):
    practice = make_practice(title_ka="ნაჩვენები", published=True)
    offering.practices.add(practice)
    later, sooner = create_slot(offering, days=20), create_slot(offering, days=5)
    cancelled = create_slot(offering, days=3)
    TourSlot.objects.filter(pk=cancelled.pk).update(status=TourSlot.Status.CANCELLED)
    for number in range(5):
        create_slot(create_offering(offering.organization, title_ka=f"სხვა {number}", title_en=f"Other {number}"), days=number + 1)
    with django_assert_max_num_queries(6):
        response = api_client.get(TOURS)
    assert response.status_code == 200
    detail = api_client.get(f"{TOURS}{offering.pk}/").json()
    assert [date["id"] for date in detail["next_dates"]] == [sooner.pk, later.pk]
    assert detail["next_dates"][0]["free_places"] == 10
    assert [row["slug"] for row in detail["practices"]] == [practice.slug]
    by_slug = api_client.get(f"{TOURS}by-slug/{offering.organization.slug}/{offering.slug}/")
    assert by_slug.json() == detail


def test_offering_update_with_if_match(editor_client, offering):
    etag = editor_client.get(f"{TOURS}{offering.pk}/")["ETag"]
    response = editor_client.patch(f"{TOURS}{offering.pk}/", {"max_group_size": 8}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["max_group_size"] == 8
    stale = editor_client.patch(f"{TOURS}{offering.pk}/", {"max_group_size": 9}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    offering.refresh_from_db()
    assert offering.max_group_size == 8


# --- dates ------------------------------------------------------------------------------------------
def test_host_creates_resizes_and_cancels_a_date(editor_client, offering, delegate):
    starts_at = (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0)
    created = post(editor_client, SLOTS, {"offering": offering.pk, "starts_at": starts_at.isoformat(), "capacity": 4})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["capacity"] == 4 and body["free_places"] == 4 and body["status"] == "open"
    assert datetime.datetime.fromisoformat(body["ends_at"]) == starts_at + datetime.timedelta(minutes=offering.duration_minutes)
    slot = TourSlot.objects.get(pk=body["id"])
    first = request_booking(slot, delegate, participants=4)
    waiting = request_booking(slot, delegate, participants=2)
    assert waiting.status == TourBooking.Status.WAITLISTED

    too_small = patch(editor_client, f"{SLOTS}{slot.pk}/", {"capacity": 3})
    assert too_small.status_code == 409
    assert error(too_small) == {"status": 409, "code": "capacity_exceeded",
                                "message": "4 places are already taken; the capacity cannot be lower."}  # fmt: skip
    resized = patch(editor_client, f"{SLOTS}{slot.pk}/", {"capacity": 6})
    assert resized.status_code == 200 and resized.json()["held_places"] == 6
    waiting.refresh_from_db()
    assert waiting.status == TourBooking.Status.PROMOTED

    cancelled = post(editor_client, f"{SLOTS}{slot.pk}/cancel/", {"reason": "რემონტი"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["held_places"] == 0
    assert set(TourBooking.objects.filter(pk__in=[first.pk, waiting.pk]).values_list("status", flat=True)) == {"cancelled"}
    again = post(editor_client, f"{SLOTS}{slot.pk}/cancel/", {"reason": "x"})
    assert again.status_code == 409
    assert error(again) == {"status": 409, "code": "conflict", "message": "This date is already cancelled."}


def test_a_date_that_ends_before_it_starts_is_refused(editor_client, offering):
    starts_at = timezone.now() + datetime.timedelta(days=7)
    response = post(editor_client, SLOTS, {
        "offering": offering.pk, "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at - datetime.timedelta(hours=1)).isoformat(), "capacity": 5,
    })  # fmt: skip
    assert response.status_code == 400
    assert error(response) == {
        "status": 400, "code": "invalid", "message": "The submitted data is not valid: A visit must end after it starts.",
        "fields": {"ends_at": ["A visit must end after it starts."]},
    }
    past = post(editor_client, SLOTS, {"offering": offering.pk, "starts_at": "2020-01-01T10:00:00+04:00", "capacity": 5})
    assert past.status_code == 400
    assert error(past)["fields"] == {"starts_at": ["A visit must start in the future."]}
    zero = post(editor_client, SLOTS, {"offering": offering.pk, "starts_at": starts_at.isoformat(), "capacity": 0})
    assert zero.status_code == 400
    assert error(zero)["fields"] == {"capacity": ["Ensure this value is greater than or equal to 1."]}
    assert not TourSlot.objects.exists()
    assert not AuditEntry.objects.filter(action="tour_slot.created").exists()


def test_unknown_offering_is_a_field_error(editor_client):
    response = post(editor_client, SLOTS, {"offering": 424242, "starts_at": "2030-01-01T10:00:00+04:00", "capacity": 5})
    assert response.status_code == 400
    assert error(response)["fields"] == {"offering": ["There is no study tour with the id 424242."]}


def test_weekly_dates_skip_public_holidays_and_days_off(editor_client, offering):
    from tours.services import host_blackout_add

    year = timezone.now().year + 1
    host_blackout_add(organization=offering.organization, date=datetime.date(year, 1, 12), reason="ინვენტარიზაცია",
                      actor=host_actor(offering.organization))  # fmt: skip
    # January: the 1st, 2nd (New Year) and 7th (Orthodox Christmas) are public holidays in Georgia.
    response = post(editor_client, f"{SLOTS}weekly/", {
        "offering": offering.pk, "first_day": f"{year}-01-01", "last_day": f"{year}-01-14",
        "weekdays": list(range(7)), "start_time": "11:00", "capacity": 15,
    })  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    skipped = {row["date"] for row in body["skipped"]}
    assert {f"{year}-01-01", f"{year}-01-02", f"{year}-01-07", f"{year}-01-12"} <= skipped
    assert len(body["created"]) == 14 - len(skipped)
    assert {datetime.datetime.fromisoformat(row["starts_at"]).astimezone(TBILISI).time() for row in body["created"]} == {
        datetime.time(11, 0)
    }
    assert TourSlot.objects.filter(offering=offering).count() == len(body["created"])
    bad = post(editor_client, f"{SLOTS}weekly/", {
        "offering": offering.pk, "first_day": f"{year}-02-10", "last_day": f"{year}-02-01",
        "weekdays": [0], "start_time": "11:00", "capacity": 15,
    })  # fmt: skip
    assert bad.status_code == 400
    assert error(bad)["fields"] == {"last_day": ["The range ends before it starts."]}


def test_slot_list_filters_by_offering(api_client, offering, slot):
    other = create_slot(create_offering(offering.organization, title_ka="სხვა", title_en="Other"))
    response = api_client.get(SLOTS, {"offering": offering.pk})
    assert [row["id"] for row in response.json()["results"]] == [slot.pk]
    assert other.pk in [row["id"] for row in api_client.get(SLOTS).json()["results"]]


# --- bookings ------------------------------------------------------------------------------------
def test_delegation_requests_places_and_host_confirms(client_for, delegate, editor_client, other_organization, slot):
    client = client_for(delegate)
    response = post(client, BOOKINGS, booking_payload(slot, requesting_organization=other_organization.slug,
                    participant_list=[{"name": "გიორგი", "position": "მერის მოადგილე"}]))  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested"
    assert body["delegation"] == other_organization.name
    assert body["participant_list"] == [{"name": "გიორგი", "position": "მერის მოადგილე"}]
    assert held(slot) == 4
    booking = TourBooking.objects.get(pk=body["id"])
    assert booking.requested_by == delegate and booking.requesting_organization == other_organization

    confirmed = post(editor_client, f"{BOOKINGS}{booking.pk}/confirm/", {"message": "გელოდებით"})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["host_message"] == "გელოდებით"
    assert held(slot) == 4
    # Both sides see it in their list.
    assert [row["id"] for row in client.get(BOOKINGS).json()["results"]] == [booking.pk]
    assert [row["id"] for row in editor_client.get(BOOKINGS).json()["results"]] == [booking.pk]


def test_automatic_confirmation_and_waiting_list(client_for, delegate, auto_offering):
    slot = create_slot(auto_offering, capacity=5)
    client = client_for(delegate)
    first = post(client, BOOKINGS, booking_payload(slot, participants=4, delegation_name="ვანის დელეგაცია"))
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    second = post(client, BOOKINGS, booking_payload(slot, participants=3, delegation_name="ვანის დელეგაცია"))
    assert second.status_code == 201 and second.json()["status"] == "waitlisted"
    assert held(slot) == 4
    cancelled = post(client, f"{BOOKINGS}{first.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    promoted = client.get(f"{BOOKINGS}{second.json()['id']}/").json()
    assert promoted["status"] == "promoted" and promoted["promotion_deadline"]
    accepted = post(client, f"{BOOKINGS}{second.json()['id']}/accept-offer/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"
    assert held(slot) == 3


def test_the_same_idempotency_key_makes_one_booking(client_for, delegate, slot):
    client = client_for(delegate)
    payload = booking_payload(slot, delegation_name="ვანის დელეგაცია")
    first = post(client, BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="click-1")
    again = post(client, BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="click-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert TourBooking.objects.filter(slot=slot).count() == 1
    assert held(slot) == 4
    assert AuditEntry.objects.filter(action="tour_booking.requested").count() == 1
    # Without a key, or with another one, each request is a booking of its own.
    assert post(client, BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="click-2").status_code == 201
    assert post(client, BOOKINGS, payload).status_code == 201
    assert TourBooking.objects.filter(slot=slot).count() == 3
    too_long = post(client, BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert too_long.status_code == 400
    assert error(too_long)["fields"] == {"idempotency_key": ["Send an Idempotency-Key of at most 64 characters."]}
    assert TourBooking.objects.filter(slot=slot).count() == 3


def test_idempotency_keys_are_kept_apart_per_client(client_for, delegate, third_delegate, api_key_for, third_organization, slot):
    """Two clients that pick the same key each get their own booking, never the other's."""
    payload = booking_payload(slot, delegation_name="დელეგაცია")
    responses = [
        post(client_for(delegate), BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="1"),
        post(client_for(third_delegate), BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="1"),
        post(api_key_for(third_organization)[0], BOOKINGS, payload, HTTP_IDEMPOTENCY_KEY="1"),
    ]
    assert [response.status_code for response in responses] == [201, 201, 201]
    assert len({response.json()["id"] for response in responses}) == 3
    assert TourBooking.objects.filter(slot=slot).count() == 3


def _assert_nothing_booked(slot, *, held_before: int = 0, bookings_before: int = 0) -> None:
    assert held(slot) == held_before
    assert TourBooking.objects.filter(slot=slot).count() == bookings_before


def test_booking_a_past_date_is_refused(client_for, delegate, slot):
    TourSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1), ends_at=timezone.now() - datetime.timedelta(hours=20)
    )
    response = post(client_for(delegate), BOOKINGS, booking_payload(slot, delegation_name="ვანი"))
    assert response.status_code == 409
    assert error(response) == {"status": 409, "code": "deadline_passed", "message": "This date has already passed; choose another."}
    _assert_nothing_booked(slot)


def test_booking_a_cancelled_date_is_refused(client_for, delegate, editor_client, slot):
    assert post(editor_client, f"{SLOTS}{slot.pk}/cancel/", {"reason": "დახურულია"}).status_code == 200
    response = post(client_for(delegate), BOOKINGS, booking_payload(slot, delegation_name="ვანი"))
    assert response.status_code == 409
    assert error(response) == {"status": 409, "code": "conflict", "message": "This date has been cancelled; choose another."}
    _assert_nothing_booked(slot)


def test_more_participants_than_the_group_maximum_is_refused(client_for, delegate, organization):
    slot = create_slot(create_offering(organization, max_group_size=6), capacity=30)
    response = post(client_for(delegate), BOOKINGS, booking_payload(slot, participants=7, delegation_name="ვანი"))
    assert response.status_code == 400
    assert error(response) == {
        "status": 400, "code": "invalid", "message": "The submitted data is not valid: A group can have at most 6 participants.",
        "fields": {"participants": ["A group can have at most 6 participants."]},
    }
    _assert_nothing_booked(slot)


def test_more_participants_than_the_date_holds_is_refused(client_for, delegate, offering):
    slot = create_slot(offering, capacity=5)
    response = post(client_for(delegate), BOOKINGS, booking_payload(slot, participants=6, delegation_name="ვანი"))
    assert response.status_code == 400
    assert error(response) == {
        "status": 400, "code": "invalid", "message": "The submitted data is not valid: This date has only 5 places.",
        "fields": {"participants": ["This date has only 5 places."]},
    }
    _assert_nothing_booked(slot)


def test_bad_booking_input_is_refused(client_for, delegate, other_organization, third_organization, slot):
    client = client_for(delegate)
    zero = post(client, BOOKINGS, booking_payload(slot, participants=0, delegation_name="ვანი"))
    assert zero.status_code == 400
    assert error(zero)["fields"] == {"participants": ["Ensure this value is greater than or equal to 1."]}
    nameless = post(client, BOOKINGS, booking_payload(slot))
    assert nameless.status_code == 400
    assert error(nameless)["fields"] == {"delegation_name": ["Name the delegation, or choose your organization."]}
    names = post(client, BOOKINGS, booking_payload(slot, participants=1, delegation_name="ვანი",
                 participant_list=[{"name": "ა"}, {"name": "ბ"}]))  # fmt: skip
    assert names.status_code == 400
    assert error(names)["fields"] == {"participant_list": ["More names than participants."]}
    unknown_slot = post(client, BOOKINGS, {**booking_payload(slot, delegation_name="ვანი"), "slot": 987654})
    assert unknown_slot.status_code == 400
    assert error(unknown_slot)["fields"] == {"slot": ["There is no tour date with the id 987654."]}
    foreign = post(client, BOOKINGS, booking_payload(slot, requesting_organization=third_organization.slug))
    assert foreign.status_code == 403
    assert error(foreign) == {"status": 403, "code": "permission_denied", "message": "You can only book for an organization you belong to."}
    _assert_nothing_booked(slot)


def test_draft_offering_dates_cannot_be_booked(client_for, delegate, organization):
    draft_slot = create_slot(create_offering(organization, published=False))
    response = post(client_for(delegate), BOOKINGS, booking_payload(draft_slot, delegation_name="ვანი"))
    # The delegation cannot see a draft's dates at all.
    assert response.status_code == 400
    assert error(response)["fields"] == {"slot": [f"There is no tour date with the id {draft_slot.pk}."]}


def test_host_confirming_beyond_capacity_gets_409(editor_client, delegate, third_delegate, offering):
    slot = create_slot(offering, capacity=6)
    first = request_booking(slot, delegate, participants=4)
    waiting = request_booking(slot, third_delegate, participants=5)
    assert waiting.status == TourBooking.Status.WAITLISTED
    response = post(editor_client, f"{BOOKINGS}{waiting.pk}/confirm/")
    assert response.status_code == 409
    assert error(response) == {"status": 409, "code": "capacity_exceeded", "message": "Only 2 places are free; this request needs 5."}
    waiting.refresh_from_db()
    assert waiting.status == TourBooking.Status.WAITLISTED
    assert held(slot) == 4
    assert not AuditEntry.objects.filter(action="tour_booking.confirmed").exists()
    first.refresh_from_db()
    assert first.status == TourBooking.Status.REQUESTED


def test_a_delegation_cannot_act_on_another_delegations_booking(client_for, delegate, third_delegate, other_organization, slot):
    booking = request_booking(slot, other_organization, participants=3)
    stranger = client_for(third_delegate)
    for action in ("cancel", "accept-offer", "feedback"):
        response = post(stranger, f"{BOOKINGS}{booking.pk}/{action}/", {"rating": 5} if action == "feedback" else {})
        assert response.status_code == 403, (action, response.content)
        assert error(response) == {"status": 403, "code": "permission_denied",
                                   "message": "Only the delegation that made this booking can do this."}  # fmt: skip
    # Nor can it answer as the host, or read the booking.
    confirm = post(stranger, f"{BOOKINGS}{booking.pk}/confirm/")
    assert confirm.status_code == 403
    assert error(confirm)["message"] == "You need the Editor role in Rustavi (test) for this."
    assert stranger.get(f"{BOOKINGS}{booking.pk}/").status_code == 404
    assert stranger.get(f"{BOOKINGS}{booking.pk}/ics/").status_code == 404
    assert stranger.get(BOOKINGS).json()["results"] == []
    booking.refresh_from_db()
    assert booking.status == TourBooking.Status.REQUESTED
    assert held(slot) == 3
    # The delegation itself (any member of its organization) can.
    assert post(client_for(delegate), f"{BOOKINGS}{booking.pk}/cancel/").json()["status"] == "cancelled"


def test_another_hosts_editor_cannot_manage_this_hosts_dates(client_for, other_editor, offering, slot, delegate):
    booking = request_booking(slot, delegate, participants=2)
    client = client_for(other_editor)
    message = "You need the Editor role in Rustavi (test) for this."
    starts_at = (timezone.now() + datetime.timedelta(days=9)).isoformat()
    attempts = {
        "create": post(client, SLOTS, {"offering": offering.pk, "starts_at": starts_at, "capacity": 5}),
        "weekly": post(client, f"{SLOTS}weekly/", {"offering": offering.pk, "first_day": "2031-03-03", "last_day": "2031-03-10",
                                                   "weekdays": [0], "start_time": "10:00", "capacity": 5}),  # fmt: skip
        "resize": patch(client, f"{SLOTS}{slot.pk}/", {"capacity": 50}),
        "cancel": post(client, f"{SLOTS}{slot.pk}/cancel/", {"reason": "x"}),
        "confirm": post(client, f"{BOOKINGS}{booking.pk}/confirm/"),
        "decline": post(client, f"{BOOKINGS}{booking.pk}/decline/", {"message": "no"}),
    }
    for name, response in attempts.items():
        assert response.status_code == 403, (name, response.content)
        assert error(response) == {"status": 403, "code": "permission_denied", "message": message}, name
    slot.refresh_from_db()
    assert (slot.capacity, slot.status, slot.held_places) == (10, "open", 2)
    assert TourSlot.objects.count() == 1
    booking.refresh_from_db()
    assert booking.status == TourBooking.Status.REQUESTED


def test_host_declines_with_a_message_and_the_waiting_list_moves(editor_client, delegate, third_delegate, offering):
    slot = create_slot(offering, capacity=4)
    first = request_booking(slot, delegate, participants=4)
    waiting = request_booking(slot, third_delegate, participants=2)
    missing = post(editor_client, f"{BOOKINGS}{first.pk}/decline/")
    assert missing.status_code == 400
    assert error(missing)["fields"] == {"message": ["Tell the delegation why."]}
    declined = post(editor_client, f"{BOOKINGS}{first.pk}/decline/", {"message": "ამ დღეს ვერ მიგიღებთ"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    waiting.refresh_from_db()
    assert waiting.status == TourBooking.Status.PROMOTED
    assert held(slot) == 2
    twice = post(editor_client, f"{BOOKINGS}{first.pk}/decline/", {"message": "x"})
    assert twice.status_code == 409
    assert error(twice) == {"status": 409, "code": "conflict", "message": "A declined booking cannot be declined."}


def test_feedback_after_the_visit(client_for, delegate, slot):
    booking = request_booking(slot, delegate, participants=2)
    client = client_for(delegate)
    early = post(client, f"{BOOKINGS}{booking.pk}/feedback/", {"rating": 5})
    assert early.status_code == 409
    assert error(early)["message"] == "Feedback can be given once the visit has taken place."
    TourBooking.objects.filter(pk=booking.pk).update(status=TourBooking.Status.COMPLETED)
    out_of_range = post(client, f"{BOOKINGS}{booking.pk}/feedback/", {"rating": 6})
    assert out_of_range.status_code == 400
    assert error(out_of_range)["fields"] == {"rating": ["Ensure this value is less than or equal to 5."]}
    given = post(client, f"{BOOKINGS}{booking.pk}/feedback/", {"rating": 4, "comment": "ძალიან საინტერესო"})
    assert given.status_code == 201
    assert given.json()["rating"] == 4 and given.json()["booking"] == booking.pk
    assert TourFeedback.objects.get().offering == slot.offering
    again = post(client, f"{BOOKINGS}{booking.pk}/feedback/", {"rating": 3})
    assert again.status_code == 409
    assert error(again)["message"] == "Feedback for this visit has already been given."


def test_ics_download(client_for, delegate, slot):
    booking = request_booking(slot, delegate, participants=2)
    client = client_for(delegate)
    for accept in ("*/*", "text/calendar"):
        response = client.get(f"{BOOKINGS}{booking.pk}/ics/", HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="tour-booking-{booking.pk}.ics"'
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert event["dtstart"].dt == slot.starts_at
        assert str(event["status"]) == "TENTATIVE"
    # An error still reads as the one JSON format, even to a client that asked for a calendar.
    refused = client_for(verified_user()).get(f"{BOOKINGS}{booking.pk}/ics/", HTTP_ACCEPT="text/calendar")
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"


def test_api_key_books_for_its_own_organization(api_key_for, other_organization, organization, slot):
    client, key = api_key_for(other_organization)
    response = post(client, BOOKINGS, booking_payload(slot))
    assert response.status_code == 201, response.content
    booking = TourBooking.objects.get(pk=response.json()["id"])
    assert booking.requesting_organization == other_organization and booking.requested_by is None
    assert AuditEntry.objects.get(action="tour_booking.requested").api_key == key
    other = post(client, BOOKINGS, booking_payload(slot, requesting_organization=organization.slug))
    assert other.status_code == 403
    assert error(other)["message"] == "You can only book for an organization you belong to."


def test_slot_and_booking_lists_take_constant_queries(api_key_for, other_organization, organization):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offering = create_offering(organization)
    client = api_key_for(organization)[0]
    client.get(SLOTS)  # the key's last use is recorded once

    def queries(url: str, rows: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get(url).json()["results"]) == rows
        return len(captured)

    slot = create_slot(offering, capacity=30)
    request_booking(slot, other_organization, participants=2)
    one_slot, one_booking = queries(SLOTS, 1), queries(BOOKINGS, 1)
    for _ in range(5):
        request_booking(create_slot(offering, capacity=30), other_organization, participants=2)
    # The page's count and its rows, whatever the page holds; and the key, read once from the database after
    # the writes (they replace the API cache's generation), then from the cache.
    assert queries(SLOTS, 6) == one_slot == 3
    assert queries(BOOKINGS, 6) == one_booking == 2


def test_cancelling_after_the_visit_started_still_frees_the_places(client_for, delegate, slot):
    """Regression: the places were released in memory but not saved when the date had already begun."""
    booking = request_booking(slot, delegate, participants=3)
    assert held(slot) == 3
    TourSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    response = post(client_for(delegate), f"{BOOKINGS}{booking.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert held(slot) == 0


def test_a_booking_request_reads_no_more_than_it_needs(api_key_for, other_organization, slot):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_key_for(other_organization)[0]
    post(client, BOOKINGS, booking_payload(slot, participants=1))  # the key's last use is recorded once
    with CaptureQueriesContext(connection) as captured:
        response = post(client, BOOKINGS, booking_payload(slot, participants=1))
    assert response.status_code == 201
    # The key; the date's visibility; (the test's savepoint for the transaction); the lock; the same key?; a waiting
    # list?; the places; savepoint, booking, release; the audit entry; the end of the transaction. The answer is
    # written from what the service returns: the booking is not read again.
    assert len(captured) == 12, "\n".join(query["sql"][:70] for query in captured)
    assert response.json()["slot"]["offering"]["organization"] == slot.organization.slug
    assert response.json()["host"]["slug"] == slot.organization.slug
    assert response.json()["requesting_organization"]["slug"] == other_organization.slug
