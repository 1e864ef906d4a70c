"""Study tours on the web: offerings (content pages), a host's dates and inbox, bookings, calendars.

Views read through tours.selectors and write through tours.services; they
check the role a page needs before showing a form or calling a service, so a
refused action changes nothing, and services check again whatever the path.
Times are shown in Asia/Tbilisi, 24-hour.
"""

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from hub.errors import DomainError, NotAllowed
from hub.web import form_add_service_error, messages_add_service_error
from municipalities.models import Membership, Organization
from municipalities.permissions import ActorMixin
from practices.models import ContentStatus, Practice
from practices.selectors.content import content_visible
from practices.views.base import ContentDetailView, ContentFormView, ContentListView, ContentViewMixin, can_edit

from .calendar import booking_ics, bookings_ics
from .filtersets import TourOfferingFilter
from .forms import (
    CalendarFeedForm,
    HostBlackoutForm,
    TourBookingForm,
    TourBookingMessageForm,
    TourFeedbackForm,
    TourOfferingForm,
    TourSlotCancelForm,
    TourSlotCapacityForm,
    TourSlotForm,
    TourWeeklySlotsForm,
)
from .models import TOUR_LANGUAGES, CalendarFeed, HostBlackoutDate, TourBooking, TourFeedback, TourOffering, TourSlot
from .selectors import (
    calendar_feed_bookings,
    calendar_feed_for_token,
    calendar_feeds_of,
    tour_booking_visible,
    tour_feedback_summary,
    tour_offering_visible,
    tour_slot_visible,
    tour_slots_upcoming,
)
from .services import (
    booking_is_delegations,
    calendar_feed_create,
    calendar_feed_revoke,
    host_blackout_add,
    host_blackout_remove,
    tour_booking_accept_offer,
    tour_booking_cancel,
    tour_booking_confirm,
    tour_booking_decline,
    tour_booking_request,
    tour_feedback_give,
    tour_offering_create,
    tour_offering_update,
    tour_slot_cancel,
    tour_slot_create,
    tour_slot_update,
    tour_slots_create_weekly,
)

TBILISI = ZoneInfo("Asia/Tbilisi")
Status = TourBooking.Status


def _member_organizations(actor):
    """The organizations the signed-in user belongs to, in any role."""
    if actor.user is None:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=actor.user).distinct().order_by("name_ka")


def _check_host(actor, organization: Organization) -> None:
    if not actor.has_role(organization, Membership.Role.EDITOR):
        raise PermissionDenied(_("Only editors of %(organization)s can manage its study tours.") % {"organization": organization.name})


def _redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """To the page the form came from (`next`, same site only), or `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def _ics_response(body: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def language_labels(codes: list[str]) -> list[str]:
    names = dict(TOUR_LANGUAGES)
    return [str(names[code]) for code in codes if code in names]


# --- offerings: the generic content pages ------------------------------------------------------
class TourOfferingViewMixin:
    model = TourOffering
    template_dir = "tours/offering"

    def visible(self):
        return tour_offering_visible(actor=self.actor)


class TourOfferingListView(TourOfferingViewMixin, ContentListView):
    filterset_class = TourOfferingFilter

    def list_queryset(self):
        upcoming = Q(slots__status=TourSlot.Status.OPEN, slots__starts_at__gt=timezone.now())
        # Ordered explicitly: the aggregate's GROUP BY drops the model's default ordering.
        return self.visible().annotate(next_date=Min("slots__starts_at", filter=upcoming)).order_by("-updated_at", "-id")

    def extra_context(self) -> dict:
        return {"visit_languages": TOUR_LANGUAGES}


class TourOfferingDetailView(TourOfferingViewMixin, ContentDetailView):
    def extra_context(self, item: TourOffering) -> dict:
        actor = self.actor
        return {
            "slots": list(tour_slots_upcoming(offering=item, limit=12)),
            "feedback": tour_feedback_summary(offering=item),
            "linked_practices": content_visible(model=Practice, actor=actor).filter(tour_offerings=item).order_by("title_ka"),
            "language_names": language_labels(item.languages),
            "can_manage": can_edit(actor, item),
            "can_book": item.is_published and not actor.is_anonymous,
        }


class TourOfferingFormView(TourOfferingViewMixin, ContentFormView):
    form_class = TourOfferingForm

    def create_item(self, *, organization: Organization, data: dict) -> TourOffering:
        practices = data.pop("practices", None)
        return tour_offering_create(organization=organization, fields=data, practices=practices, actor=self.actor)

    def update_item(self, *, item: TourOffering, data: dict, expected_version: int) -> TourOffering:
        practices = data.pop("practices", None)
        return tour_offering_update(
            offering=item, fields=data, practices=practices, expected_version=expected_version, actor=self.actor
        )


# --- a host's dates for one offering -------------------------------------------------------------
class TourOfferingDatesView(LoginRequiredMixin, TourOfferingViewMixin, ContentViewMixin, View):
    """The host's page for an offering's dates: add one, add a weekly pattern, change capacity, cancel."""

    def render_page(self, offering: TourOffering, *, slot_form=None, weekly_form=None, weekly_result=None, status=200):
        now = timezone.now()
        slots = (
            offering.slots.filter(ends_at__gt=now - datetime.timedelta(days=1))
            .annotate(waiting=Count("bookings", filter=Q(bookings__status=Status.WAITLISTED)))
            .order_by("starts_at")
        )
        tomorrow = timezone.localdate(now, TBILISI) + datetime.timedelta(days=1)
        weekly_initial = {
            "first_day": tomorrow, "last_day": tomorrow + datetime.timedelta(days=27), "weekdays": [1, 3],
            "start_time": "10:00", "capacity": offering.max_group_size,
        }  # fmt: skip
        return render(
            self.request,
            "tours/offering/dates.html",
            {
                "item": offering,
                "slots": slots,
                "slot_form": slot_form or TourSlotForm(initial={"day": tomorrow, "start_time": "10:00", "capacity": offering.max_group_size}),
                "weekly_form": weekly_form or TourWeeklySlotsForm(initial=weekly_initial),
                "weekly_result": weekly_result,
                "blackouts": HostBlackoutDate.objects.filter(organization=offering.organization, date__gte=timezone.localdate(now, TBILISI)),
            },
            status=status,
        )

    def get(self, request, organization: str, slug: str):
        return self.render_page(self.get_editable_item(organization, slug))


class TourSlotAddView(TourOfferingDatesView):
    def post(self, request, organization: str, slug: str):
        offering = self.get_editable_item(organization, slug)
        form = TourSlotForm(request.POST)
        if form.is_valid():
            try:
                tour_slot_create(offering=offering, starts_at=form.starts_at(), capacity=form.cleaned_data["capacity"], actor=self.actor)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, _slot_errors(error))
            else:
                messages.success(request, _("The date is added."))
                return HttpResponseRedirect(offering.page_url("dates"))
        return self.render_page(offering, slot_form=form)


def _slot_errors(error):
    """The service names start and end times; the form asks for a day and a start time."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        renamed = {{"starts_at": "day", "ends_at": "start_time"}.get(name, name): value for name, value in error.error_dict.items()}
        return ValidationError(renamed)
    return error


class TourSlotsWeeklyView(TourOfferingDatesView):
    def post(self, request, organization: str, slug: str):
        offering = self.get_editable_item(organization, slug)
        form = TourWeeklySlotsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, skipped = tour_slots_create_weekly(
                    offering=offering, first_day=data["first_day"], last_day=data["last_day"], weekdays=data["weekdays"],
                    start_time=data["start_time"], capacity=data["capacity"], actor=self.actor,
                )  # fmt: skip
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                # Shown on this response, not after a redirect: the skipped days are the answer to this submission.
                result = {"created": created, "skipped": sorted(skipped.items())}
                return self.render_page(offering, weekly_result=result)
        return self.render_page(offering, weekly_form=form)


class HostSlotMixin(LoginRequiredMixin, ActorMixin):
    def get_slot(self, pk: int) -> TourSlot:
        slot = get_object_or_404(tour_slot_visible(actor=self.actor), pk=pk)
        _check_host(self.actor, slot.organization)
        return slot


class TourSlotCapacityView(HostSlotMixin, View):
    def post(self, request, pk: int):
        slot = self.get_slot(pk)
        form = TourSlotCapacityForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                tour_slot_update(slot=slot, capacity=form.cleaned_data["capacity"], actor=self.actor)
            except (ValidationError, DomainError) as error:
                messages_add_service_error(request, error)
            else:
                messages.success(request, _("The capacity is changed."))
        return HttpResponseRedirect(slot.offering.page_url("dates"))


class TourSlotCancelView(HostSlotMixin, View):
    def post(self, request, pk: int):
        slot = self.get_slot(pk)
        form = TourSlotCancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for cancelling: the delegations will read it."))
        else:
            try:
                tour_slot_cancel(slot=slot, reason=form.cleaned_data["reason"], actor=self.actor)
            except (ValidationError, DomainError) as error:
                messages_add_service_error(request, error)
            else:
                messages.success(request, _("The date is cancelled and its delegations are told."))
        return HttpResponseRedirect(slot.offering.page_url("dates"))


# --- a host's inbox and days off ----------------------------------------------------------------
@dataclass
class SlotRequests:
    slot: TourSlot
    bookings: list[TourBooking] = field(default_factory=list)
    waiting: list[TourBooking] = field(default_factory=list)


class HostMixin(LoginRequiredMixin, ActorMixin):
    def get_host(self, organization: str) -> Organization:
        host = get_object_or_404(Organization, slug=organization)
        _check_host(self.actor, host)
        return host


class HostInboxView(HostMixin, View):
    """The host's bookings by date: confirm or decline requests, the waiting list in its order, days off."""

    def get(self, request, organization: str, blackout_form=None):
        host = self.get_host(organization)
        now = timezone.now()
        bookings = (
            tour_booking_visible(actor=self.actor)
            .filter(host=host, slot__ends_at__gt=now)
            .exclude(status__in=[Status.CANCELLED, Status.DECLINED, Status.LAPSED])
            .order_by("slot__starts_at", "created_at", "id")
        )
        groups: dict[int, SlotRequests] = {}
        for booking in bookings:
            group = groups.setdefault(booking.slot_id, SlotRequests(slot=booking.slot))
            (group.waiting if booking.status == Status.WAITLISTED else group.bookings).append(booking)
        pending = sum(1 for booking in bookings if booking.status in (Status.REQUESTED, Status.PROMOTED))
        return render(
            request,
            "tours/host.html",
            {
                "host": host,
                "groups": list(groups.values()),
                "pending": pending,
                "offerings": tour_offering_visible(actor=self.actor).filter(organization=host).order_by("title_ka"),
                "blackouts": HostBlackoutDate.objects.filter(organization=host, date__gte=timezone.localdate(now, TBILISI)),
                "blackout_form": blackout_form or HostBlackoutForm(),
                "message_form": TourBookingMessageForm(),
            },
        )


class HostBlackoutAddView(HostInboxView):
    def post(self, request, organization: str):
        host = self.get_host(organization)
        form = HostBlackoutForm(request.POST)
        if form.is_valid():
            try:
                host_blackout_add(organization=host, date=form.cleaned_data["date"], reason=form.cleaned_data["reason"], actor=self.actor)
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The day without visits is saved; weekly dates skip it."))
                return HttpResponseRedirect(reverse("tour-host", args=[host.slug]))
        return self.get(request, organization, blackout_form=form)


class HostBlackoutRemoveView(HostMixin, View):
    def post(self, request, organization: str, pk: int):
        host = self.get_host(organization)
        blackout = get_object_or_404(HostBlackoutDate, organization=host, pk=pk)
        host_blackout_remove(blackout=blackout, actor=self.actor)
        messages.success(request, _("The day is open for visits again."))
        return HttpResponseRedirect(reverse("tour-host", args=[host.slug]))


# --- bookings ------------------------------------------------------------------------------------
class TourBookingRequestView(LoginRequiredMixin, ActorMixin, View):
    """Ask for places on one date."""

    def get_slot(self, pk: int) -> TourSlot:
        return get_object_or_404(tour_slot_visible(actor=self.actor).select_related("offering__organization"), pk=pk)

    def closed(self, slot: TourSlot) -> str:
        if not slot.offering.is_published:
            return _("This study tour is not open for booking.")
        if slot.is_cancelled:
            return _("This date has been cancelled; choose another.")
        if slot.starts_at <= timezone.now():
            return _("This date has already passed; choose another.")
        return ""

    def build_form(self, slot: TourSlot, data=None):
        user = self.actor.user
        organizations = _member_organizations(self.actor).exclude(pk=slot.organization_id)
        language = get_language() if get_language() in slot.offering.languages else (slot.offering.languages or ["ka"])[0]
        initial = {
            "contact_name": user.full_name, "contact_email": user.email, "language": language,
            "participants": self.request.GET.get("participants") or None,
            "requesting_organization": organizations[0] if len(organizations) == 1 else None,
        }  # fmt: skip
        return TourBookingForm(data=data, initial=initial, organizations=organizations, languages=slot.offering.languages)

    def render_form(self, slot: TourSlot, form, status=200):
        return render(self.request, "tours/booking_form.html", {"slot": slot, "offering": slot.offering, "form": form}, status=status)

    def get(self, request, pk: int):
        slot = self.get_slot(pk)
        if reason := self.closed(slot):
            messages.error(request, reason)
            return HttpResponseRedirect(slot.offering.get_absolute_url())
        return self.render_form(slot, self.build_form(slot))

    def post(self, request, pk: int):
        slot = self.get_slot(pk)
        form = self.build_form(slot, data=request.POST)
        if not form.is_valid():
            return self.render_form(slot, form)
        data = form.service_data()
        try:
            booking, created = tour_booking_request(slot=slot, actor=self.actor, **data)
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
            return self.render_form(slot, form)
        if not created:
            messages.info(request, _("This request was already sent; here it is."))
        elif booking.status == Status.WAITLISTED:
            messages.info(request, _("No places are free on this date: your request is on the waiting list."))
        elif booking.status == Status.CONFIRMED:
            messages.success(request, _("Your visit is confirmed."))
        else:
            messages.success(request, _("Your request is sent. The host will confirm it."))
        return HttpResponseRedirect(reverse("tour-booking-detail", args=[booking.pk]))


def booking_timeline(booking: TourBooking) -> list[dict]:
    """The steps of the booking's way, each done, current, to come or stopped."""
    steps = [(Status.REQUESTED, _("Requested"))]
    if booking.status in (Status.WAITLISTED, Status.PROMOTED, Status.LAPSED):
        steps.append((Status.WAITLISTED, _("On the waiting list")))
    if booking.status in (Status.PROMOTED, Status.LAPSED):
        steps.append((Status.PROMOTED, _("Places offered")))
    stopped = {Status.DECLINED: _("Declined"), Status.CANCELLED: _("Cancelled"), Status.LAPSED: _("Offer lapsed")}
    if booking.status in stopped:
        steps.append((booking.status, stopped[booking.status]))
    else:
        steps += [(Status.CONFIRMED, _("Confirmed")), (Status.COMPLETED, _("Visit completed"))]
    codes = [code for code, _label in steps]
    current = codes.index(booking.status)
    result = []
    for index, (code, label) in enumerate(steps):
        if index < current or booking.status == Status.COMPLETED:
            state = "done"
        elif index == current:
            state = "stopped" if booking.status in stopped else "current"
        else:
            state = "todo"
        result.append({"code": code, "label": label, "state": state})
    return result


class BookingMixin(LoginRequiredMixin, ActorMixin):
    def get_booking(self, pk: int) -> TourBooking:
        return get_object_or_404(tour_booking_visible(actor=self.actor), pk=pk)

    def roles(self, booking: TourBooking) -> tuple[bool, bool]:
        """(is the host's editor, speaks for the delegation)."""
        return self.actor.has_role(booking.host, Membership.Role.EDITOR), booking_is_delegations(booking=booking, actor=self.actor)


class TourBookingDetailView(BookingMixin, View):
    def get(self, request, pk: int, feedback_form=None, status=200):
        booking = self.get_booking(pk)
        is_host, is_delegation = self.roles(booking)
        feedback = TourFeedback.objects.filter(booking=booking).first()
        now = timezone.now()
        can_give_feedback = is_delegation and booking.status == Status.COMPLETED and feedback is None
        return render(
            request,
            "tours/booking_detail.html",
            {
                "booking": booking,
                "slot": booking.slot,
                "offering": booking.slot.offering,
                "timeline": booking_timeline(booking),
                "is_host": is_host,
                "is_delegation": is_delegation,
                "can_cancel": (is_host or is_delegation) and booking.status in TourBooking.CANCELLABLE,
                "can_accept": is_delegation and booking.status == Status.PROMOTED
                and (booking.promotion_deadline is None or booking.promotion_deadline > now),
                "can_answer": is_host and booking.status in (Status.REQUESTED, Status.WAITLISTED, Status.PROMOTED)
                and not booking.slot.is_cancelled and booking.slot.starts_at > now,
                "feedback": feedback,
                "feedback_form": feedback_form or (TourFeedbackForm() if can_give_feedback else None),
                "message_form": TourBookingMessageForm(),
                "language_name": dict(TOUR_LANGUAGES).get(booking.language, booking.language),
            },
            status=status,
        )


class TourBookingIcsView(BookingMixin, View):
    def get(self, request, pk: int):
        booking = self.get_booking(pk)
        return _ics_response(booking_ics(booking), f"study-tour-{booking.pk}.ics", attachment=True)


class TourBookingActionView(BookingMixin, View):
    """A POST on a booking: who may do it is checked here first, so a refusal changes nothing."""

    needs = "delegation"  # or "host", or "either"

    def act(self, booking: TourBooking, request) -> str:
        raise NotImplementedError

    def post(self, request, pk: int):
        booking = self.get_booking(pk)
        is_host, is_delegation = self.roles(booking)
        allowed = {"host": is_host, "delegation": is_delegation, "either": is_host or is_delegation}[self.needs]
        if not allowed:
            raise PermissionDenied(_("You cannot do this with this booking."))
        try:
            done = self.act(booking, request)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from error
        except (ValidationError, DomainError) as error:
            messages_add_service_error(request, error)
        else:
            messages.success(request, done)
        return _redirect_back(request, reverse("tour-booking-detail", args=[booking.pk]))


class TourBookingConfirmView(TourBookingActionView):
    needs = "host"

    def act(self, booking, request) -> str:
        tour_booking_confirm(booking=booking, message=request.POST.get("message", "").strip(), actor=self.actor)
        return _("The visit is confirmed; the delegation is told.")


class TourBookingDeclineView(TourBookingActionView):
    needs = "host"

    def act(self, booking, request) -> str:
        tour_booking_decline(booking=booking, message=request.POST.get("message", "").strip(), actor=self.actor)
        return _("The request is declined; the delegation is told why.")


class TourBookingCancelView(TourBookingActionView):
    needs = "either"

    def act(self, booking, request) -> str:
        tour_booking_cancel(booking=booking, reason=request.POST.get("reason", "").strip(), actor=self.actor)
        return _("The booking is cancelled.")


class TourBookingAcceptView(TourBookingActionView):
    needs = "delegation"

    def act(self, booking, request) -> str:
        tour_booking_accept_offer(booking=booking, actor=self.actor)
        return _("You accepted the offered places.")


class TourFeedbackView(BookingMixin, View):
    def post(self, request, pk: int):
        booking = self.get_booking(pk)
        _is_host, is_delegation = self.roles(booking)
        if not is_delegation:
            raise PermissionDenied(_("Only the delegation that made this booking can do this."))
        form = TourFeedbackForm(request.POST)
        if form.is_valid():
            try:
                tour_feedback_give(
                    booking=booking, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"].strip(), actor=self.actor
                )
            except (ValidationError, DomainError) as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Thank you: your feedback is saved."))
                return HttpResponseRedirect(reverse("tour-booking-detail", args=[booking.pk]))
        return TourBookingDetailView(request=request, kwargs={"pk": pk}).get(request, pk, feedback_form=form)


class MyBookingsView(LoginRequiredMixin, ActorMixin, View):
    """Bookings the user made, or their organizations made, with hosts elsewhere."""

    def get(self, request):
        actor = self.actor
        mine = Q(requested_by=actor.user) | Q(requesting_organization__in=_member_organizations(actor))
        bookings = list(tour_booking_visible(actor=actor).filter(mine).order_by("-slot__starts_at", "-id"))
        now = timezone.now()
        return render(
            request,
            "tours/my_bookings.html",
            {
                "upcoming": [booking for booking in bookings if booking.slot.ends_at > now][::-1],
                "past": [booking for booking in bookings if booking.slot.ends_at <= now],
                "hosting": [organization for organization in _member_organizations(actor) if actor.has_role(organization, Membership.Role.EDITOR)],
            },
        )


# --- calendars -----------------------------------------------------------------------------------
def _parse_month(value: str, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def _parse_week(value: str, today: datetime.date) -> datetime.date:
    """The Monday of an ISO week written YYYY-Www."""
    try:
        year, week = value.upper().split("-W")
        return datetime.date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, TypeError, AttributeError):
        return today - datetime.timedelta(days=today.weekday())


def _week_param(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=TBILISI)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=TBILISI)
    return start, end


def _slots_by_day(slots) -> dict[datetime.date, list[TourSlot]]:
    days: dict[datetime.date, list[TourSlot]] = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.starts_at, TBILISI).date(), []).append(slot)
    return days


class CalendarMixin(ActorMixin):
    """Month (?month=YYYY-MM) and week (?week=YYYY-Www) grids; subclasses choose the dates."""

    view_kind = "month"

    def calendar_slots(self, start: datetime.datetime, end: datetime.datetime):
        raise NotImplementedError

    def calendar_context(self) -> dict:
        return {}

    def url_names(self) -> tuple[str, str, list]:
        raise NotImplementedError

    def get(self, request, **kwargs):
        context = self.calendar_context()
        today = timezone.localdate(timezone.now(), TBILISI)
        month_name, week_name, args = self.url_names()
        if self.view_kind == "month":
            first = _parse_month(request.GET.get("month", ""), today)
            weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
            start, end = _day_bounds(weeks[0][0], weeks[-1][-1])
            by_day = _slots_by_day(self.calendar_slots(start, end))
            previous = (first - datetime.timedelta(days=1)).replace(day=1)
            following = (first + datetime.timedelta(days=32)).replace(day=1)
            context.update({
                "month": first,
                "weeks": [[{"date": day, "slots": by_day.get(day, []), "in_month": day.month == first.month} for day in week] for week in weeks],
                "previous_query": f"month={previous:%Y-%m}", "next_query": f"month={following:%Y-%m}",
                "current_query": f"month={today:%Y-%m}",
                "other_view_query": f"week={_week_param(first if first.month != today.month else today)}",
            })  # fmt: skip
            template = "tours/calendar_month.html"
        else:
            monday = _parse_week(request.GET.get("week", ""), today)
            days = [monday + datetime.timedelta(days=offset) for offset in range(7)]
            start, end = _day_bounds(days[0], days[-1])
            by_day = _slots_by_day(self.calendar_slots(start, end))
            context.update({
                "monday": monday, "sunday": days[-1], "week_number": monday.isocalendar()[1],
                "days": [{"date": day, "slots": by_day.get(day, [])} for day in days],
                "previous_query": f"week={_week_param(monday - datetime.timedelta(days=7))}",
                "next_query": f"week={_week_param(monday + datetime.timedelta(days=7))}",
                "current_query": f"week={_week_param(today)}", "other_view_query": f"month={monday:%Y-%m}",
            })  # fmt: skip
            template = "tours/calendar_week.html"
        context.update({
            "today": today, "view_kind": self.view_kind,
            "month_url": reverse(month_name, args=args), "week_url": reverse(week_name, args=args),
        })  # fmt: skip
        return render(request, template, context)


class PublicCalendarView(CalendarMixin, View):
    """Open dates of every published study tour still to come."""

    def calendar_slots(self, start, end):
        return (
            tour_slot_visible(actor=self.actor)
            .filter(offering__status=ContentStatus.PUBLISHED, status=TourSlot.Status.OPEN, starts_at__gte=max(start, timezone.now()), starts_at__lt=end)
            .select_related("offering__organization")
            .order_by("starts_at")
        )

    def url_names(self):
        return "tour-calendar", "tour-calendar-week", []


class HostCalendarView(LoginRequiredMixin, CalendarMixin, View):
    """A host's own dates, drafts' and cancelled ones included, with places held and free."""

    def host(self) -> Organization:
        if not hasattr(self, "_host"):
            host = get_object_or_404(Organization, slug=self.kwargs["organization"])
            if not self.actor.has_role(host, Membership.Role.MEMBER):
                raise PermissionDenied(_("Only members of %(organization)s can see its calendar.") % {"organization": host.name})
            self._host = host
        return self._host

    def calendar_context(self) -> dict:
        return {"host": self.host()}

    def calendar_slots(self, start, end):
        return (
            tour_slot_visible(actor=self.actor)
            .filter(organization=self.host(), starts_at__gte=start, starts_at__lt=end)
            .annotate(waiting=Count("bookings", filter=Q(bookings__status=Status.WAITLISTED)))
            .select_related("offering__organization")
            .order_by("starts_at")
        )

    def url_names(self):
        return "tour-host-calendar", "tour-host-calendar-week", [self.host().slug]


class CalendarFeedsView(LoginRequiredMixin, ActorMixin, View):
    """Private calendar subscriptions of the user's organizations: make one (its address shown once), revoke."""

    def render_page(self, form=None, created=None, status=200):
        organizations = list(_member_organizations(self.actor))
        feeds = [(organization, list(calendar_feeds_of(organization=organization))) for organization in organizations]
        return render(
            self.request,
            "tours/feeds.html",
            {
                "form": form or CalendarFeedForm(organizations=_member_organizations(self.actor)),
                "feeds": [(organization, items) for organization, items in feeds if items],
                "created": created,
                "has_organizations": bool(organizations),
            },
            status=status,
        )

    def get(self, request):
        return self.render_page()

    def post(self, request):
        form = CalendarFeedForm(request.POST, organizations=_member_organizations(self.actor))
        if not form.is_valid():
            return self.render_page(form)
        try:
            feed, token = calendar_feed_create(
                organization=form.cleaned_data["organization"], as_host=form.cleaned_data["as_host"], actor=self.actor
            )
        except (ValidationError, DomainError) as error:
            form_add_service_error(form, error)
            return self.render_page(form)
        url = request.build_absolute_uri(reverse("tour-calendar-feed", args=[token]))
        return self.render_page(created={"feed": feed, "url": url})


class CalendarFeedRevokeView(LoginRequiredMixin, ActorMixin, View):
    def post(self, request, pk: int):
        feed = get_object_or_404(CalendarFeed.objects.filter(organization__in=_member_organizations(self.actor)), pk=pk)
        try:
            calendar_feed_revoke(feed=feed, actor=self.actor)
        except DomainError as error:
            messages_add_service_error(request, error)
        else:
            messages.success(request, _("The calendar address is revoked: it shows nothing any more."))
        return HttpResponseRedirect(reverse("tour-calendar-feeds"))


def calendar_feed(request, token: str):
    """A subscription's visits as iCalendar; the token is the only credential, so unknown and revoked ones are 404."""
    feed = calendar_feed_for_token(token=token)
    if feed is None:
        raise Http404(_("No such calendar."))
    if feed.as_host:
        name = _("Study tours hosted by %(organization)s") % {"organization": feed.organization.name}
    else:
        name = _("Study tours booked by %(organization)s") % {"organization": feed.organization.name}
    bookings = calendar_feed_bookings(feed=feed).order_by("slot__starts_at", "id")
    return _ics_response(bookings_ics(name=name, bookings=bookings), "study-tours.ics", attachment=False)
