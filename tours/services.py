"""Writing study tours: offerings (content), dates, bookings with a waiting list, feedback, calendars.

Capacity: every change to the places a slot holds runs under that slot's row
lock (`SELECT … FOR UPDATE`, the pretix and Decidim pattern), reads the
current count and writes it back in the same transaction; the check
constraint `tour_slot_not_oversold` refuses anything beyond capacity even if
a future writer forgot the lock. Concurrent requests for one slot therefore
queue on the lock, and of N requests for C places exactly the first that
fit are held and the rest join the waiting list in order.

Who acts: the host's editors manage dates and answer requests; the
delegation (the person who asked, or members of the requesting
organization) cancels, accepts an offer from the waiting list and gives
feedback. Services check this themselves, so no path can skip it.
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.errors import CapacityExceeded, Conflict, DeadlinePassed, NotAllowed
from hub.tasks import enqueue_on_commit
from municipalities.actors import Actor
from municipalities.audit import AUDIT_CHANGED_KEY, AuditAction
from municipalities.models import Membership, Organization, hash_secret
from municipalities.services import audit_record
from practices.models import Practice
from practices.services.content import content_apply_fields, content_claim_version, content_create, content_saved

from .models import CalendarFeed, HostBlackoutDate, TourBooking, TourFeedback, TourOffering, TourSlot
from .notifications import send_booking_email

TBILISI = ZoneInfo("Asia/Tbilisi")
Status = TourBooking.Status


# --- offerings (content) -------------------------------------------------------------------
def _published_practices(practices: Iterable[Practice] | None) -> list[Practice] | None:
    if practices is None:
        return None
    practices = list(practices)
    unpublished = [practice.title for practice in practices if not practice.is_published]
    if unpublished:
        raise ValidationError({"practices": [_("Link only published practices: %(titles)s.") % {"titles": ", ".join(unpublished)}]})
    return practices


@transaction.atomic
def tour_offering_create(
    *, organization: Organization, fields: dict, actor: Actor, practices: Iterable[Practice] | None = None
) -> TourOffering:
    linked = _published_practices(practices)
    offering = content_create(model=TourOffering, organization=organization, fields=fields, actor=actor)
    if linked:
        offering.practices.set(linked)
    content_saved(item=offering, action=AuditAction.CONTENT_CREATED, actor=actor, data={"title_ka": offering.title_ka})
    return offering


@transaction.atomic
def tour_offering_update(
    *,
    offering: TourOffering,
    fields: dict,
    actor: Actor,
    practices: Iterable[Practice] | None = None,
    expected_version: int | None = None,
) -> TourOffering:
    linked = _published_practices(practices)
    content_claim_version(item=offering, actor=actor, expected_version=expected_version)
    changed = content_apply_fields(item=offering, fields=fields)
    offering.save()
    if linked is not None:
        offering.practices.set(linked)
        changed.append("practices")
    content_saved(item=offering, action=AuditAction.CONTENT_UPDATED, actor=actor, data={AUDIT_CHANGED_KEY: changed})
    return offering


# --- who may act ---------------------------------------------------------------------------
def _check_host(*, organization: Organization, actor: Actor) -> None:
    if not actor.has_role(organization, Membership.Role.EDITOR):
        raise NotAllowed(_("Only editors of %(organization)s can manage its study tours.") % {"organization": organization.name})


def booking_is_delegations(*, booking: TourBooking, actor: Actor) -> bool:
    """Whether `actor` speaks for the delegation that made the booking."""
    if actor.user is not None and booking.requested_by_id == actor.user.pk:
        return True
    organization = booking.requesting_organization
    return organization is not None and actor.has_role(organization, Membership.Role.MEMBER)


def _check_delegation(*, booking: TourBooking, actor: Actor) -> None:
    if not booking_is_delegations(booking=booking, actor=actor):
        raise NotAllowed(_("Only the delegation that made this booking can do this."))


# --- dates -----------------------------------------------------------------------------------
def _check_slot_times(*, starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError({"starts_at": [_("Give times with their time zone.")]})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("A visit must end after it starts.")]})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": [_("A visit must start in the future.")]})


# Far beyond any visit; it keeps absurd numbers out of the database's integer column.
MAX_SLOT_CAPACITY = 1_000_000


def _check_capacity(*, capacity: int) -> None:
    if capacity < 1:
        raise ValidationError({"capacity": [_("A date needs at least one place.")]})
    if capacity > MAX_SLOT_CAPACITY:
        raise ValidationError({"capacity": [_("A date can have at most %(count)d places.") % {"count": MAX_SLOT_CAPACITY}]})


@transaction.atomic
def tour_slot_create(
    *, offering: TourOffering, starts_at: datetime.datetime, ends_at: datetime.datetime | None = None, capacity: int, actor: Actor
) -> TourSlot:
    _check_host(organization=offering.organization, actor=actor)
    ends_at = ends_at or starts_at + datetime.timedelta(minutes=offering.duration_minutes)
    _check_slot_times(starts_at=starts_at, ends_at=ends_at)
    _check_capacity(capacity=capacity)
    slot = TourSlot.objects.create(
        offering=offering, organization=offering.organization, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )
    audit_record(
        organization=offering.organization, actor=actor, action=AuditAction.TOUR_SLOT_CREATED, target=slot,
        data={"offering": offering.pk, "starts_at": starts_at.isoformat(), "capacity": capacity},
    )
    return slot


def closed_days(*, organization: Organization, first_day: datetime.date, last_day: datetime.date) -> dict[datetime.date, str]:
    """Days without visits in the range: Georgia's public holidays and the host's own days off, with their names."""
    years = range(first_day.year, last_day.year + 1)
    closed = {day: str(name) for day, name in holidays.country_holidays("GE", years=years).items() if first_day <= day <= last_day}
    for blackout in HostBlackoutDate.objects.filter(organization=organization, date__range=(first_day, last_day)):
        closed[blackout.date] = blackout.reason or _("Closed")
    return closed


MAX_WEEKLY_SLOTS = 400


@transaction.atomic
def tour_slots_create_weekly(
    *,
    offering: TourOffering,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: list[int],
    start_time: datetime.time,
    capacity: int,
    actor: Actor,
) -> tuple[list[TourSlot], dict[datetime.date, str]]:
    """One date per chosen weekday (0 = Monday) in the range, at `start_time` in Tbilisi.

    Skips public holidays, the host's days off and days already past; returns
    the dates made and the days skipped with the reason.
    """
    _check_host(organization=offering.organization, actor=actor)
    if last_day < first_day:
        raise ValidationError({"last_day": [_("The range ends before it starts.")]})
    if not weekdays or any(day not in range(7) for day in weekdays):
        raise ValidationError({"weekdays": [_("Choose at least one weekday.")]})
    _check_capacity(capacity=capacity)
    closed = closed_days(organization=offering.organization, first_day=first_day, last_day=last_day)
    duration = datetime.timedelta(minutes=offering.duration_minutes)
    now = timezone.now()
    slots, skipped = [], {}
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            starts_at = datetime.datetime.combine(day, start_time, tzinfo=TBILISI)
            if day in closed:
                skipped[day] = closed[day]
            elif starts_at > now:
                slots.append(TourSlot(offering=offering, organization=offering.organization, starts_at=starts_at,
                                      ends_at=starts_at + duration, capacity=capacity))  # fmt: skip
        day += datetime.timedelta(days=1)
    if len(slots) > MAX_WEEKLY_SLOTS:
        raise ValidationError({"last_day": [_("That makes more than %(count)d dates; choose a shorter range.") % {"count": MAX_WEEKLY_SLOTS}]})
    created = TourSlot.objects.bulk_create(slots)
    audit_record(
        organization=offering.organization, actor=actor, action=AuditAction.TOUR_SLOT_CREATED, target=offering,
        data={"count": len(created), "first_day": first_day.isoformat(), "last_day": last_day.isoformat(),
              "skipped": sorted(day.isoformat() for day in skipped)},
    )  # fmt: skip
    return created, skipped


def _locked_slot(slot_id: int) -> TourSlot:
    return TourSlot.objects.select_for_update(of=("self",)).select_related("offering", "organization").get(pk=slot_id)


@transaction.atomic
def tour_slot_update(*, slot: TourSlot, capacity: int, actor: Actor) -> TourSlot:
    """Change a date's capacity; more places promote the waiting list, fewer may not drop held places."""
    _check_host(organization=slot.organization, actor=actor)
    slot = _locked_slot(slot.pk)
    _check_capacity(capacity=capacity)
    if capacity < slot.held_places:
        raise CapacityExceeded(
            _("%(held)d places are already taken; the capacity cannot be lower.") % {"held": slot.held_places}
        )
    previous = slot.capacity
    slot.capacity = capacity
    slot.save(update_fields=["capacity", "updated_at"])
    audit_record(
        organization=slot.organization, actor=actor, action=AuditAction.TOUR_SLOT_UPDATED, target=slot,
        data={AUDIT_CHANGED_KEY: ["capacity"], "from": previous, "to": capacity},
    )
    _promote_waiting_list(slot=slot, actor=actor)
    return slot


@transaction.atomic
def tour_slot_cancel(*, slot: TourSlot, reason: str, actor: Actor) -> TourSlot:
    """Cancel a date: every open booking on it is cancelled and its delegation told why."""
    _check_host(organization=slot.organization, actor=actor)
    slot = _locked_slot(slot.pk)
    if slot.is_cancelled:
        raise Conflict(_("This date is already cancelled."))
    slot.status = TourSlot.Status.CANCELLED
    slot.cancel_reason = reason
    slot.held_places = 0
    slot.save(update_fields=["status", "cancel_reason", "held_places", "updated_at"])
    affected = list(slot.bookings.filter(status__in=TourBooking.CANCELLABLE))
    for booking in affected:
        booking.status = Status.CANCELLED
        booking.host_message = reason
        booking.save(update_fields=["status", "host_message", "updated_at"])
        enqueue_on_commit(send_booking_email, booking.pk, "slot_cancelled")
    audit_record(
        organization=slot.organization, actor=actor, action=AuditAction.TOUR_SLOT_CANCELLED, target=slot,
        data={"reason": reason, "bookings": [booking.pk for booking in affected]},
    )
    return slot


@transaction.atomic
def host_blackout_add(*, organization: Organization, date: datetime.date, reason: str, actor: Actor) -> HostBlackoutDate:
    _check_host(organization=organization, actor=actor)
    blackout, created = HostBlackoutDate.objects.get_or_create(organization=organization, date=date, defaults={"reason": reason})
    if created:
        audit_record(
            organization=organization, actor=actor, action=AuditAction.TOUR_BLACKOUT_ADDED, target=blackout,
            data={"date": date.isoformat(), "reason": reason},
        )
    return blackout


@transaction.atomic
def host_blackout_remove(*, blackout: HostBlackoutDate, actor: Actor) -> None:
    _check_host(organization=blackout.organization, actor=actor)
    audit_record(
        organization=blackout.organization, actor=actor, action=AuditAction.TOUR_BLACKOUT_REMOVED, target=blackout,
        data={"date": blackout.date.isoformat()},
    )
    blackout.delete()


# --- bookings ------------------------------------------------------------------------------
def _audit_booking(booking: TourBooking, *, action: AuditAction, actor: Actor, **data) -> None:
    audit_record(
        organization=booking.host, actor=actor, action=action, target=booking,
        data={"slot": booking.slot_id, "participants": booking.participants, "status": booking.status, **data},
    )


def _hold(*, slot: TourSlot, booking: TourBooking, status: str) -> None:
    """Give `booking` its places in the locked `slot`."""
    slot.held_places += booking.participants
    booking.status = status


def _release(*, slot: TourSlot, booking: TourBooking) -> None:
    if booking.holds_places:
        slot.held_places -= booking.participants


def _promote_waiting_list(*, slot: TourSlot, actor: Actor) -> list[TourBooking]:
    """Offer freed places to the waiting list in the order it formed; the slot is locked by the caller.

    Strictly first come, first served: a request that does not fit the free
    places stops the promotion, so no later, smaller request overtakes it.
    """
    if slot.is_cancelled or slot.starts_at <= timezone.now():
        # Nobody is offered places any more, but the places the caller released must still be written.
        slot.save(update_fields=["held_places", "updated_at"])
        return []
    promoted = []
    deadline = min(
        timezone.now() + datetime.timedelta(hours=settings.TOURS_PROMOTION_HOURS),
        slot.starts_at - datetime.timedelta(hours=1),
    )
    for booking in slot.bookings.filter(status=Status.WAITLISTED).order_by("created_at", "id"):
        if booking.participants > slot.free_places:
            break
        _hold(slot=slot, booking=booking, status=Status.PROMOTED)
        booking.promotion_deadline = deadline
        booking.save(update_fields=["status", "promotion_deadline", "updated_at"])
        _audit_booking(booking, action=AuditAction.TOUR_BOOKING_PROMOTED, actor=actor, deadline=deadline.isoformat())
        enqueue_on_commit(send_booking_email, booking.pk, "promoted")
        promoted.append(booking)
    slot.save(update_fields=["held_places", "updated_at"])
    return promoted


def _check_bookable(*, slot: TourSlot, participants: int) -> None:
    if slot.is_cancelled:
        raise Conflict(_("This date has been cancelled; choose another."))
    if slot.starts_at <= timezone.now():
        raise DeadlinePassed(_("This date has already passed; choose another."))
    if not slot.offering.is_published:
        raise Conflict(_("This study tour is not open for booking."))
    if participants > slot.offering.max_group_size:
        raise ValidationError(
            {"participants": [_("A group can have at most %(count)d participants.") % {"count": slot.offering.max_group_size}]}
        )
    if participants > slot.capacity:
        raise ValidationError({"participants": [_("This date has only %(count)d places.") % {"count": slot.capacity}]})


def _check_participant_list(*, participant_list: list, participants: int) -> list[dict]:
    if not isinstance(participant_list, list) or any(
        not isinstance(row, dict) or not str(row.get("name", "")).strip() for row in participant_list
    ):
        raise ValidationError({"participant_list": [_("Give each participant's name (and position).")]})
    if len(participant_list) > participants:
        raise ValidationError({"participant_list": [_("More names than participants.")]})
    return [{"name": str(row["name"]).strip()[:200], "position": str(row.get("position", "")).strip()[:200]} for row in participant_list]


@transaction.atomic
def tour_booking_request(
    *,
    slot: TourSlot,
    actor: Actor,
    request_key: str,
    contact_name: str,
    contact_email: str,
    participants: int,
    requesting_organization: Organization | None = None,
    delegation_name: str = "",
    contact_phone: str = "",
    participant_list: list | None = None,
    purpose: str = "",
    accessibility_needs: str = "",
    language: str = "ka",
) -> tuple[TourBooking, bool]:
    """Ask for places on a date; returns the booking and whether this call made it.

    The same `request_key` for the same date returns the first booking and
    changes nothing (a double click, a retried request). With free places the
    request holds them (confirmed at once if the host confirms automatically);
    without, it joins the waiting list.
    """
    if actor.is_anonymous:
        raise NotAllowed(_("Sign in to book a study tour."))
    if requesting_organization is not None and not actor.has_role(requesting_organization, Membership.Role.MEMBER):
        raise NotAllowed(_("You can only book for an organization you belong to."))
    if requesting_organization is None and not delegation_name.strip():
        raise ValidationError({"delegation_name": [_("Name the delegation, or choose your organization.")]})
    if not request_key or len(request_key) > 80:
        raise ValidationError({"request_key": [_("A request needs a key of at most 80 characters.")]})
    slot = _locked_slot(slot.pk)
    existing = slot.bookings.filter(request_key=request_key).first()
    if existing is not None:
        return existing, False
    if participants < 1:
        raise ValidationError({"participants": [_("At least one participant.")]})
    _check_bookable(slot=slot, participants=participants)
    booking = TourBooking(
        slot=slot, host=slot.organization, requesting_organization=requesting_organization,
        delegation_name=delegation_name.strip(), requested_by=actor.user, contact_name=contact_name,
        contact_email=contact_email, contact_phone=contact_phone, participants=participants,
        participant_list=_check_participant_list(participant_list=participant_list or [], participants=participants),
        purpose=purpose, accessibility_needs=accessibility_needs, language=language, request_key=request_key,
    )  # fmt: skip
    waiting = slot.bookings.filter(status=Status.WAITLISTED).exists()
    if participants <= slot.free_places and not waiting:
        automatic = slot.offering.confirmation == TourOffering.Confirmation.AUTOMATIC
        _hold(slot=slot, booking=booking, status=Status.CONFIRMED if automatic else Status.REQUESTED)
        slot.save(update_fields=["held_places", "updated_at"])
    else:
        booking.status = Status.WAITLISTED
    try:
        with transaction.atomic():
            booking.save(force_insert=True)
    except IntegrityError as error:
        raise Conflict(_("This request was already sent.")) from error
    action = {
        Status.WAITLISTED: AuditAction.TOUR_BOOKING_WAITLISTED,
        Status.CONFIRMED: AuditAction.TOUR_BOOKING_CONFIRMED,
    }.get(booking.status, AuditAction.TOUR_BOOKING_REQUESTED)
    _audit_booking(booking, action=action, actor=actor)
    enqueue_on_commit(send_booking_email, booking.pk, "received")
    if booking.status == Status.CONFIRMED:
        enqueue_on_commit(send_booking_email, booking.pk, "confirmed")
    return booking, True


def _locked_booking(booking: TourBooking) -> tuple[TourBooking, TourSlot]:
    """Lock the slot first, then the booking: every path takes them in that order, so none deadlocks."""
    slot = _locked_slot(booking.slot_id)
    booking = TourBooking.objects.select_for_update(of=("self",)).select_related("requesting_organization", "host").get(pk=booking.pk)
    return booking, slot


@transaction.atomic
def tour_booking_confirm(*, booking: TourBooking, actor: Actor, message: str = "") -> TourBooking:
    """The host accepts a request (or a waiting one, if the places are free now)."""
    _check_host(organization=booking.host, actor=actor)
    booking, slot = _locked_booking(booking)
    if booking.status == Status.CONFIRMED:
        return booking
    if booking.status not in (Status.REQUESTED, Status.WAITLISTED, Status.PROMOTED):
        raise Conflict(_("A %(status)s booking cannot be confirmed.") % {"status": booking.get_status_display().lower()})
    if slot.is_cancelled or slot.starts_at <= timezone.now():
        raise Conflict(_("This date is cancelled or already past."))
    if not booking.holds_places:
        if booking.participants > slot.free_places:
            raise CapacityExceeded(
                _("Only %(free)d places are free; this request needs %(needed)d.")
                % {"free": slot.free_places, "needed": booking.participants}
            )
        slot.held_places += booking.participants
        slot.save(update_fields=["held_places", "updated_at"])
    booking.status = Status.CONFIRMED
    booking.host_message = message
    booking.promotion_deadline = None
    booking.save(update_fields=["status", "host_message", "promotion_deadline", "updated_at"])
    _audit_booking(booking, action=AuditAction.TOUR_BOOKING_CONFIRMED, actor=actor)
    enqueue_on_commit(send_booking_email, booking.pk, "confirmed")
    return booking


@transaction.atomic
def tour_booking_decline(*, booking: TourBooking, actor: Actor, message: str) -> TourBooking:
    _check_host(organization=booking.host, actor=actor)
    if not message.strip():
        raise ValidationError({"message": [_("Tell the delegation why.")]})
    booking, slot = _locked_booking(booking)
    if booking.status not in (Status.REQUESTED, Status.WAITLISTED, Status.PROMOTED):
        raise Conflict(_("A %(status)s booking cannot be declined.") % {"status": booking.get_status_display().lower()})
    _release(slot=slot, booking=booking)
    booking.status = Status.DECLINED
    booking.host_message = message
    booking.save(update_fields=["status", "host_message", "updated_at"])
    _audit_booking(booking, action=AuditAction.TOUR_BOOKING_DECLINED, actor=actor)
    enqueue_on_commit(send_booking_email, booking.pk, "declined")
    _promote_waiting_list(slot=slot, actor=actor)
    return booking


@transaction.atomic
def tour_booking_cancel(*, booking: TourBooking, actor: Actor, reason: str = "") -> TourBooking:
    """The delegation withdraws, or the host cancels one booking; freed places go to the waiting list."""
    by_host = actor.has_role(booking.host, Membership.Role.EDITOR)
    if not by_host:
        _check_delegation(booking=booking, actor=actor)
    booking, slot = _locked_booking(booking)
    if booking.status == Status.CANCELLED:
        return booking
    if booking.status not in TourBooking.CANCELLABLE:
        raise Conflict(_("A %(status)s booking cannot be cancelled.") % {"status": booking.get_status_display().lower()})
    _release(slot=slot, booking=booking)
    booking.status = Status.CANCELLED
    if by_host:
        booking.host_message = reason
    booking.save(update_fields=["status", "host_message", "updated_at"])
    _audit_booking(booking, action=AuditAction.TOUR_BOOKING_CANCELLED, actor=actor, by_host=by_host)
    enqueue_on_commit(send_booking_email, booking.pk, "cancelled")
    _promote_waiting_list(slot=slot, actor=actor)
    return booking


@transaction.atomic
def tour_booking_accept_offer(*, booking: TourBooking, actor: Actor) -> TourBooking:
    """The delegation takes the places offered from the waiting list before the deadline."""
    _check_delegation(booking=booking, actor=actor)
    booking, slot = _locked_booking(booking)
    if booking.status != Status.PROMOTED:
        raise Conflict(_("There is no offer of places to accept on this booking."))
    if booking.promotion_deadline and booking.promotion_deadline <= timezone.now():
        deadline = timezone.localtime(booking.promotion_deadline, TBILISI).strftime("%Y-%m-%d %H:%M")
        raise DeadlinePassed(_("The offer lapsed at %(deadline)s.") % {"deadline": deadline})
    automatic = slot.offering.confirmation == TourOffering.Confirmation.AUTOMATIC
    booking.status = Status.CONFIRMED if automatic else Status.REQUESTED
    booking.promotion_deadline = None
    booking.save(update_fields=["status", "promotion_deadline", "updated_at"])
    _audit_booking(booking, action=AuditAction.TOUR_BOOKING_CONFIRMED if automatic else AuditAction.TOUR_BOOKING_REQUESTED, actor=actor)
    enqueue_on_commit(send_booking_email, booking.pk, "confirmed" if automatic else "received")
    return booking


def tour_offers_lapse(*, actor: Actor) -> int:
    """Offers from the waiting list not accepted by their deadline lapse; the next in line is offered the places."""
    lapsed = 0
    due = TourBooking.objects.filter(status=Status.PROMOTED, promotion_deadline__lte=timezone.now())
    for booking_id, slot_id in due.values_list("pk", "slot_id"):
        with transaction.atomic():
            booking, slot = _locked_booking(TourBooking(pk=booking_id, slot_id=slot_id))
            if booking.status != Status.PROMOTED or booking.promotion_deadline > timezone.now():
                continue
            _release(slot=slot, booking=booking)
            booking.status = Status.LAPSED
            booking.save(update_fields=["status", "updated_at"])
            _audit_booking(booking, action=AuditAction.TOUR_BOOKING_LAPSED, actor=actor)
            enqueue_on_commit(send_booking_email, booking.pk, "lapsed")
            _promote_waiting_list(slot=slot, actor=actor)
            lapsed += 1
    return lapsed


def tour_reminders_send(*, actor: Actor) -> int:
    """A reminder to each confirmed delegation about 48 hours before its visit; each is sent once."""
    now = timezone.now()
    window_end = now + datetime.timedelta(hours=settings.TOURS_REMINDER_HOURS)
    sent = 0
    due = TourBooking.objects.filter(
        status=Status.CONFIRMED, reminder_sent_at__isnull=True, slot__starts_at__gt=now, slot__starts_at__lte=window_end
    )
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # The conditional update claims the reminder, so two beat runs never send it twice.
            if TourBooking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                enqueue_on_commit(send_booking_email, booking_id, "reminder")
                sent += 1
    return sent


def tour_visits_complete(*, actor: Actor) -> int:
    """Confirmed visits whose date has ended become completed, and the delegation is asked for feedback."""
    now = timezone.now()
    completed = 0
    due = TourBooking.objects.filter(status=Status.CONFIRMED, slot__ends_at__lte=now).select_related("host")
    for booking in due:
        with transaction.atomic():
            if TourBooking.objects.filter(pk=booking.pk, status=Status.CONFIRMED).update(
                status=Status.COMPLETED, feedback_requested_at=now, updated_at=now
            ):
                booking.status = Status.COMPLETED
                _audit_booking(booking, action=AuditAction.TOUR_BOOKING_COMPLETED, actor=actor)
                enqueue_on_commit(send_booking_email, booking.pk, "feedback")
                completed += 1
    return completed


@transaction.atomic
def tour_feedback_give(*, booking: TourBooking, rating: int, comment: str, actor: Actor) -> TourFeedback:
    _check_delegation(booking=booking, actor=actor)
    if booking.status != Status.COMPLETED:
        raise Conflict(_("Feedback can be given once the visit has taken place."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Rate the visit from 1 to 5.")]})
    if TourFeedback.objects.filter(booking=booking).exists():
        raise Conflict(_("Feedback for this visit has already been given."))
    feedback = TourFeedback.objects.create(booking=booking, offering_id=booking.slot.offering_id, rating=rating, comment=comment)
    audit_record(
        organization=booking.host, actor=actor, action=AuditAction.TOUR_FEEDBACK_GIVEN, target=feedback,
        data={"booking": booking.pk, "rating": rating},
    )
    return feedback


# --- calendars -----------------------------------------------------------------------------
@transaction.atomic
def calendar_feed_create(*, organization: Organization, as_host: bool, actor: Actor) -> tuple[CalendarFeed, str]:
    """A private subscription URL's token, shown once; only its hash is stored."""
    if not actor.has_role(organization, Membership.Role.EDITOR if as_host else Membership.Role.MEMBER):
        raise NotAllowed(_("You cannot make a calendar for %(organization)s.") % {"organization": organization.name})
    token = CalendarFeed.new_token()
    feed = CalendarFeed.objects.create(organization=organization, as_host=as_host, token_prefix=token[:8], token_hash=hash_secret(token))
    audit_record(
        organization=organization, actor=actor, action=AuditAction.TOUR_CALENDAR_CREATED, target=feed, data={"as_host": as_host}
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, actor: Actor) -> CalendarFeed:
    if not actor.has_role(feed.organization, Membership.Role.MEMBER):
        raise NotAllowed(_("You cannot revoke this calendar."))
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit_record(organization=feed.organization, actor=actor, action=AuditAction.TOUR_CALENDAR_REVOKED, target=feed)
    return feed
