"""Capacity under concurrency, on real PostgreSQL: the slot's row lock and check constraint hold whatever the interleaving.

Each test commits for real (transactional database) and runs its requests in
threads released together by a barrier; every thread closes its own database
connection when it is done. The last test goes through HTTP: Django's live
server, `requests` from threads.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from municipalities.actors import Actor
from municipalities.models import ApiKey, AuditEntry
from municipalities.services import api_key_create
from tests.factories import OrganizationFactory, verified_user
from tours.models import TourBooking, TourOffering, TourSlot
from tours.services import tour_booking_cancel, tour_booking_request

from .test_api import booking_payload, create_offering, create_slot

# serialized_rollback: the flush after each test would otherwise take the migrations' rows (NALA, themes) with it.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]

Status = TourBooking.Status


def run_together(jobs: list) -> list:
    """Run the callables in threads started at the same moment; return their results (or exceptions) in order."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            return job()
        except Exception as error:  # noqa: BLE001  (the test inspects it)
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def _request(slot: TourSlot, user, *, participants: int = 1):
    def job():
        booking, _created = tour_booking_request(
            slot=slot, actor=Actor.for_user(user), request_key=uuid.uuid4().hex, contact_name="Contact",
            contact_email="contact@example.ge", participants=participants, delegation_name=f"Delegation of {user.email}",
        )  # fmt: skip
        return booking.pk

    return job


def assert_slot_consistent(slot: TourSlot) -> None:
    """held_places is exactly what the holding bookings hold, and never more than the capacity."""
    slot.refresh_from_db()
    holding = sum(TourBooking.objects.filter(slot=slot, status__in=TourBooking.HOLDING).values_list("participants", flat=True))
    assert slot.held_places == holding <= slot.capacity


def test_concurrent_requests_hold_at_most_the_capacity_and_waitlist_the_rest_in_order():
    host = OrganizationFactory()
    slot = create_slot(create_offering(host, confirmation=TourOffering.Confirmation.AUTOMATIC), capacity=7)
    users = [verified_user() for _ in range(16)]

    results = run_together([_request(slot, user) for user in users])

    assert all(isinstance(result, int) for result in results), results
    assert_slot_consistent(slot)
    assert slot.held_places == 7
    bookings = list(TourBooking.objects.filter(slot=slot).order_by("created_at", "id"))
    assert len(bookings) == 16
    # The lock serialises the requests: the first seven in the order they got it hold, the other nine wait, in that order.
    assert [booking.status for booking in bookings] == [Status.CONFIRMED] * 7 + [Status.WAITLISTED] * 9
    assert AuditEntry.objects.filter(action="tour_booking.waitlisted").count() == 9


def test_concurrent_mixed_group_sizes_never_oversell():
    host = OrganizationFactory()
    slot = create_slot(create_offering(host), capacity=10)
    users = [verified_user() for _ in range(12)]

    results = run_together([_request(slot, user, participants=(number % 3) + 1) for number, user in enumerate(users)])

    assert all(isinstance(result, int) for result in results), results
    assert_slot_consistent(slot)
    bookings = list(TourBooking.objects.filter(slot=slot).order_by("created_at", "id"))
    first_waiting = next(index for index, booking in enumerate(bookings) if booking.status == Status.WAITLISTED)
    # Once one request waits, every later one waits too: nobody overtakes the waiting list.
    assert all(booking.status == Status.REQUESTED for booking in bookings[:first_waiting])
    assert all(booking.status == Status.WAITLISTED for booking in bookings[first_waiting:])


def test_concurrent_cancellations_promote_exactly_once_per_freed_place():
    host = OrganizationFactory()
    slot = create_slot(create_offering(host, confirmation=TourOffering.Confirmation.AUTOMATIC), capacity=5)
    users = [verified_user() for _ in range(11)]
    for user in users:
        _request(slot, user)()
    bookings = list(TourBooking.objects.filter(slot=slot).order_by("created_at", "id"))
    confirmed, waiting = bookings[:5], bookings[5:]
    assert {booking.status for booking in confirmed} == {Status.CONFIRMED}
    assert {booking.status for booking in waiting} == {Status.WAITLISTED}

    # Each delegation cancels its own booking, and the first one twice (a double click), all at once.
    jobs = [lambda booking=booking, user=user: tour_booking_cancel(booking=booking, actor=Actor.for_user(user)).pk
            for booking, user in zip(confirmed, users[:5], strict=True)]  # fmt: skip
    jobs.append(lambda: tour_booking_cancel(booking=confirmed[0], actor=Actor.for_user(users[0])).pk)
    results = run_together(jobs)

    assert all(isinstance(result, int) for result in results), results
    assert_slot_consistent(slot)
    statuses = dict(TourBooking.objects.filter(slot=slot).values_list("pk", "status"))
    assert [statuses[booking.pk] for booking in confirmed] == [Status.CANCELLED] * 5
    # Five freed places: the first five in the waiting list are offered them, in order; the sixth still waits.
    assert [statuses[booking.pk] for booking in waiting] == [Status.PROMOTED] * 5 + [Status.WAITLISTED]
    assert slot.held_places == 5
    assert AuditEntry.objects.filter(action="tour_booking.promoted").count() == 5
    assert AuditEntry.objects.filter(action="tour_booking.cancelled").count() == 5


def test_concurrent_http_bookings_through_the_live_server(live_server):
    host = OrganizationFactory()
    slot = create_slot(create_offering(host, confirmation=TourOffering.Confirmation.AUTOMATIC), capacity=10)
    secrets = [
        api_key_create(organization=OrganizationFactory(), name="delegation", scope=ApiKey.Scope.WRITE,
                       actor=Actor.system(name="tests"))[1]
        for _ in range(18)
    ]  # fmt: skip
    url = f"{live_server.url}/api/v1/tour-bookings/"

    def post(secret: str, key: str):
        def job():
            with requests.Session() as session:
                response = session.post(
                    url, json=booking_payload(slot, participants=1),
                    headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key, "Accept-Language": "en"}, timeout=60,
                )  # fmt: skip
                return response.status_code, response.json()

        return job

    # Eighteen delegations, and the first one sends its request twice with the same key (a retry).
    jobs = [post(secret, f"key-{number}") for number, secret in enumerate(secrets)]
    jobs.append(post(secrets[0], "key-0"))
    results = run_together(jobs)

    assert all(isinstance(result, tuple) for result in results), results
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [201] * 18, results
    # The retry got the very booking the first request made.
    assert results[0][1]["id"] == results[-1][1]["id"]
    assert_slot_consistent(slot)
    assert slot.held_places == 10
    bookings = list(TourBooking.objects.filter(slot=slot).order_by("created_at", "id"))
    assert len(bookings) == 18
    assert [booking.status for booking in bookings] == [Status.CONFIRMED] * 10 + [Status.WAITLISTED] * 8
    answered = {body["id"]: body["status"] for _status, body in results}
    assert answered == {booking.pk: booking.status for booking in bookings}
