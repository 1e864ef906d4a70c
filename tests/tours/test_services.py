import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from hub.errors import CapacityExceeded, Conflict, DeadlinePassed, NotAllowed
from municipalities.actors import Actor
from municipalities.models import AuditEntry
from tests.factories import MembershipFactory
from tours.models import TourBooking, TourFeedback, TourSlot
from tours.selectors import practice_next_tour_dates, tour_feedback_summary, tour_waiting_list
from tours.services import (
    host_blackout_add,
    tour_booking_accept_offer,
    tour_booking_cancel,
    tour_booking_confirm,
    tour_booking_decline,
    tour_feedback_give,
    tour_offers_lapse,
    tour_reminders_send,
    tour_slot_cancel,
    tour_slot_create,
    tour_slot_update,
    tour_slots_create_weekly,
    tour_visits_complete,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The messages asserted below are the English ones; the Georgian catalogue is tested on its own.
    with translation.override("en"):
        yield

Status = TourBooking.Status
SCHEDULER = Actor.system(name="tours.scheduler")


def statuses(slot):
    return list(slot.bookings.order_by("created_at", "id").values_list("participants", "status"))


def held(slot) -> int:
    return TourSlot.objects.get(pk=slot.pk).held_places


def test_requests_hold_places_until_full_then_wait_in_order(make_slot, request_places):
    slot = make_slot(capacity=10)
    for participants in (4, 5, 3, 1):
        request_places(slot, participants)
    # 4 + 5 hold 9 places; 3 does not fit, and 1 may not overtake it.
    assert statuses(slot) == [(4, Status.REQUESTED), (5, Status.REQUESTED), (3, Status.WAITLISTED), (1, Status.WAITLISTED)]
    assert held(slot) == 9
    assert [booking.participants for booking in tour_waiting_list(slot=slot)] == [3, 1]


def test_automatic_confirmation_confirms_at_once_and_mails_the_delegation(make_offering, make_slot, request_places, django_capture_on_commit_callbacks):
    automatic = make_offering(slug="auto", confirmation="automatic")
    slot = make_slot(capacity=5, on=automatic)
    with django_capture_on_commit_callbacks(execute=True):
        booking = request_places(slot, 5)
    assert booking.status == Status.CONFIRMED and held(slot) == 5
    assert any("confirmed" in message.subject for message in mail.outbox)


def test_the_same_request_twice_makes_one_booking(make_slot, request_places):
    slot = make_slot(capacity=10)
    first = request_places(slot, 3, key="one-click")
    again = request_places(slot, 3, key="one-click")
    assert first.pk == again.pk
    assert slot.bookings.count() == 1 and held(slot) == 3


def test_cancelling_promotes_the_waiting_list_in_order_with_a_deadline(make_slot, request_places, delegation, settings, django_capture_on_commit_callbacks):
    settings.TOURS_PROMOTION_HOURS = 24
    slot = make_slot(capacity=10)
    first = request_places(slot, 10)
    waiting = [request_places(slot, 6), request_places(slot, 4), request_places(slot, 2)]
    with django_capture_on_commit_callbacks(execute=True):
        tour_booking_cancel(booking=first, actor=delegation)
    waiting = [TourBooking.objects.get(pk=booking.pk) for booking in waiting]
    assert [booking.status for booking in waiting] == [Status.PROMOTED, Status.PROMOTED, Status.WAITLISTED]
    assert held(slot) == 10
    deadline = waiting[0].promotion_deadline
    assert timezone.now() + datetime.timedelta(hours=23) < deadline <= timezone.now() + datetime.timedelta(hours=24)
    assert sum("Places are free" in message.subject for message in mail.outbox) == 2
    assert AuditEntry.objects.filter(action="tour_booking.promoted").count() == 2


def test_accepting_an_offer_and_lapsing_one(make_slot, request_places, delegation):
    slot = make_slot(capacity=4)
    blocker = request_places(slot, 4)
    offered = request_places(slot, 4)
    next_in_line = request_places(slot, 4)
    tour_booking_cancel(booking=blocker, actor=delegation)
    offered.refresh_from_db()
    assert offered.status == Status.PROMOTED
    TourBooking.objects.filter(pk=offered.pk).update(promotion_deadline=timezone.now() - datetime.timedelta(minutes=1))

    with pytest.raises(DeadlinePassed):
        tour_booking_accept_offer(booking=offered, actor=delegation)
    assert tour_offers_lapse(actor=SCHEDULER) == 1

    offered.refresh_from_db()
    next_in_line.refresh_from_db()
    assert (offered.status, next_in_line.status) == (Status.LAPSED, Status.PROMOTED)
    assert held(slot) == 4
    tour_booking_accept_offer(booking=next_in_line, actor=delegation)
    next_in_line.refresh_from_db()
    # A manual host still confirms what the waiting list brought in.
    assert next_in_line.status == Status.REQUESTED and held(slot) == 4


def test_host_confirms_and_declines_and_cannot_confirm_beyond_capacity(make_slot, request_places, host_actor):
    slot = make_slot(capacity=6)
    requested = request_places(slot, 6)
    waiting = request_places(slot, 3)
    with pytest.raises(CapacityExceeded) as error:
        tour_booking_confirm(booking=waiting, actor=host_actor)
    assert str(error.value) == "Only 0 places are free; this request needs 3."
    assert TourBooking.objects.get(pk=waiting.pk).status == Status.WAITLISTED and held(slot) == 6

    tour_booking_confirm(booking=requested, actor=host_actor, message="გელოდებით")
    assert TourBooking.objects.get(pk=requested.pk).status == Status.CONFIRMED
    with pytest.raises(ValidationError):
        tour_booking_decline(booking=waiting, actor=host_actor, message=" ")
    tour_booking_decline(booking=waiting, actor=host_actor, message="ჯგუფი სავსეა")
    assert TourBooking.objects.get(pk=waiting.pk).status == Status.DECLINED


def test_only_the_host_answers_and_only_the_delegation_cancels(make_slot, request_places, delegation, other_organization, organization):
    slot = make_slot(capacity=6)
    booking = request_places(slot, 2)
    stranger = Actor.for_user(MembershipFactory(organization=organization, role="member").user)
    with pytest.raises(NotAllowed) as error:
        tour_booking_confirm(booking=booking, actor=delegation)
    assert str(error.value) == f"Only editors of {organization.name} can manage its study tours."
    with pytest.raises(NotAllowed):
        tour_booking_cancel(booking=booking, actor=stranger)
    other_delegation = Actor.for_user(MembershipFactory(role="member").user)
    with pytest.raises(NotAllowed) as error:
        tour_booking_cancel(booking=booking, actor=other_delegation)
    assert str(error.value) == "Only the delegation that made this booking can do this."
    assert TourBooking.objects.get(pk=booking.pk).status == Status.REQUESTED and held(slot) == 2


@pytest.mark.parametrize(
    ("participants", "field", "message"),
    [(21, "participants", "A group can have at most 20 participants."), (12, "participants", "This date has only 10 places.")],
)
def test_too_many_participants_are_refused(make_slot, request_places, participants, field, message):
    slot = make_slot(capacity=10)
    with pytest.raises(ValidationError) as error:
        request_places(slot, participants)
    assert error.value.message_dict == {field: [message]}
    assert not slot.bookings.exists()


def test_past_and_cancelled_dates_cannot_be_booked(make_slot, request_places, host_actor):
    slot = make_slot()
    TourSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(DeadlinePassed):
        request_places(slot, 2)
    cancelled = make_slot(days=9)
    tour_slot_cancel(slot=cancelled, reason="რემონტი", actor=host_actor)
    with pytest.raises(Conflict) as error:
        request_places(cancelled, 2)
    assert str(error.value) == "This date has been cancelled; choose another."
    assert not TourBooking.objects.exists()


def test_cancelling_a_date_cancels_its_bookings_and_tells_them(make_slot, request_places, host_actor, django_capture_on_commit_callbacks):
    slot = make_slot(capacity=4)
    bookings = [request_places(slot, 4), request_places(slot, 2)]
    with django_capture_on_commit_callbacks(execute=True):
        tour_slot_cancel(slot=slot, reason="ცენტრი დაკეტილია", actor=host_actor)
    assert {TourBooking.objects.get(pk=booking.pk).status for booking in bookings} == {Status.CANCELLED}
    assert held(slot) == 0
    assert sum("cancelled the date" in message.subject for message in mail.outbox) == 2


def test_a_slot_ending_before_it_starts_and_capacity_rules(offering, host_actor, make_slot, request_places):
    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        tour_slot_create(offering=offering, starts_at=starts, ends_at=starts - datetime.timedelta(hours=1), capacity=5, actor=host_actor)
    assert error.value.message_dict == {"ends_at": ["A visit must end after it starts."]}
    slot = make_slot(capacity=6)
    request_places(slot, 5)
    with pytest.raises(CapacityExceeded):
        tour_slot_update(slot=slot, capacity=4, actor=host_actor)
    assert TourSlot.objects.get(pk=slot.pk).capacity == 6


def test_raising_capacity_promotes_the_waiting_list(make_slot, request_places, host_actor):
    slot = make_slot(capacity=4)
    request_places(slot, 4)
    waiting = request_places(slot, 3)
    tour_slot_update(slot=slot, capacity=7, actor=host_actor)
    assert TourBooking.objects.get(pk=waiting.pk).status == Status.PROMOTED and held(slot) == 7


def test_the_database_refuses_an_oversold_slot_even_without_the_service(make_slot):
    slot = make_slot(capacity=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        TourSlot.objects.filter(pk=slot.pk).update(held_places=4)


def test_another_host_cannot_manage_this_hosts_dates(make_slot, other_organization):
    slot = make_slot()
    other_editor = Actor.for_user(MembershipFactory(organization=other_organization, role="editor").user)
    with pytest.raises(NotAllowed):
        tour_slot_cancel(slot=slot, reason="x", actor=other_editor)
    with pytest.raises(NotAllowed):
        tour_slot_update(slot=slot, capacity=50, actor=other_editor)
    assert TourSlot.objects.get(pk=slot.pk).status == TourSlot.Status.OPEN


def test_weekly_dates_skip_georgian_holidays_and_the_hosts_days_off(offering, organization, host_actor):
    host_blackout_add(organization=organization, date=datetime.date(2030, 1, 9), reason="შიდა ტრენინგი", actor=host_actor)
    created, skipped = tour_slots_create_weekly(
        offering=offering, first_day=datetime.date(2030, 1, 1), last_day=datetime.date(2030, 1, 21),
        weekdays=[0, 1, 2], start_time=datetime.time(11, 0), capacity=15, actor=host_actor,
    )  # fmt: skip
    days = [timezone.localtime(slot.starts_at).date() for slot in created]
    # 1 Jan (New Year) and 7 Jan (Christmas) are public holidays; 9 Jan is the host's day off.
    assert datetime.date(2030, 1, 1) in skipped and datetime.date(2030, 1, 7) in skipped
    assert skipped[datetime.date(2030, 1, 9)] == "შიდა ტრენინგი"
    assert days == [datetime.date(2030, 1, d) for d in (8, 14, 15, 16, 21)]
    assert all(timezone.localtime(slot.starts_at).strftime("%H:%M %Z") == "11:00 +04" for slot in created)
    assert all(slot.ends_at - slot.starts_at == datetime.timedelta(minutes=120) for slot in created)


def test_reminder_is_sent_once_48_hours_before(make_slot, request_places, host_actor, django_capture_on_commit_callbacks):
    soon = make_slot(capacity=5, days=1)
    later = make_slot(capacity=5, days=5)
    for slot in (soon, later):
        tour_booking_confirm(booking=request_places(slot, 2), actor=host_actor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tour_reminders_send(actor=SCHEDULER) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tour_reminders_send(actor=SCHEDULER) == 0
    assert [message.subject for message in mail.outbox] == ["Reminder: your visit in two days: Information tour"]


def test_completed_visit_asks_for_feedback_and_it_shows_on_the_offering_and_practice(
    make_slot, request_places, host_actor, delegation, offering, published_practice, django_capture_on_commit_callbacks
):
    offering.practices.set([published_practice])
    slot = make_slot(capacity=5)
    booking = request_places(slot, 3)
    assert practice_next_tour_dates(practice=published_practice) == [slot]
    tour_booking_confirm(booking=booking, actor=host_actor)
    with pytest.raises(Conflict):
        tour_feedback_give(booking=booking, rating=5, comment="", actor=delegation)
    TourSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tour_visits_complete(actor=SCHEDULER) == 1
    assert mail.outbox[-1].subject == "How was your visit? Information tour"
    booking.refresh_from_db()
    with pytest.raises(ValidationError):
        tour_feedback_give(booking=booking, rating=6, comment="", actor=delegation)
    tour_feedback_give(booking=booking, rating=4, comment="ძალიან სასარგებლო", actor=delegation)
    with pytest.raises(Conflict):
        tour_feedback_give(booking=booking, rating=5, comment="", actor=delegation)
    summary = tour_feedback_summary(offering=offering)
    assert (summary.count, summary.average, [item.comment for item in summary.recent]) == (1, 4.0, ["ძალიან სასარგებლო"])
    assert TourFeedback.objects.get().offering == offering


def test_the_delegation_reads_its_mail_in_the_language_it_chose(make_slot, request_places, host_actor, django_capture_on_commit_callbacks):
    slot = make_slot(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        tour_booking_confirm(booking=request_places(slot, 2, language="ka"), actor=host_actor)
    confirmed = [message for message in mail.outbox if message.to == ["visits@example.ge"]]
    assert [message.subject for message in confirmed] == ["თქვენი ვიზიტი დადასტურდა: საინფორმაციო ტური"]
    assert "თბილისის დრო" in confirmed[0].body


def test_offerings_are_content_found_by_search(offering):
    from search.backends import get_search_backend
    from search.backends.base import SearchQuery

    from search.index import document_sync

    document_sync(doc_type="touroffering", object_id=str(offering.pk))
    hits = get_search_backend().search(SearchQuery(text="საინფორმაციო ტური"))
    assert [(hit.doc_type, hit.object_id) for hit in hits.hits] == [("touroffering", str(offering.pk))]
