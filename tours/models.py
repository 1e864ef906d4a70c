"""Study tours: a host organization offers visits, delegations book places in its time slots.

An offering is content like the library's (`Content`: owner, bilingual
title, draft → published → archived, revisions, search). A slot holds a
capacity in participants; `held_places` counts the places that requested,
confirmed and promoted bookings hold, and a check constraint keeps it within
the capacity, so the database refuses an oversold slot whatever the code does.
Services change `held_places` only under the slot's row lock.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Organization, in_language
from practices.models import Content, Practice

TOUR_LANGUAGES = [("ka", _("Georgian")), ("en", _("English")), ("ru", _("Russian")), ("hy", _("Armenian")), ("az", _("Azerbaijani"))]


class TourOffering(Content):
    class Confirmation(models.TextChoices):
        MANUAL = "manual", _("The host confirms each request")
        AUTOMATIC = "automatic", _("Requests with free places are confirmed at once")

    description_ka = models.TextField(_("description (Georgian)"), blank=True, help_text=_("Markdown."))
    description_en = models.TextField(_("description (English)"), blank=True, help_text=_("Markdown."))
    what_visitors_see_ka = models.TextField(_("what visitors will see (Georgian)"), blank=True)
    what_visitors_see_en = models.TextField(_("what visitors will see (English)"), blank=True)
    practices = models.ManyToManyField(
        Practice, verbose_name=_("practices shown"), blank=True, related_name="tour_offerings"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), default=180, validators=[MinValueValidator(15), MaxValueValidator(7 * 24 * 60)]
    )
    max_group_size = models.PositiveIntegerField(_("maximum group size"), default=20, validators=[MinValueValidator(1)])
    confirmation = models.CharField(
        _("confirmation"), max_length=16, choices=Confirmation.choices, default=Confirmation.MANUAL
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta(Content.Meta):
        verbose_name = _("study tour")
        verbose_name_plural = _("study tours")
        constraints = [
            *Content.Meta.constraints,
            models.CheckConstraint(condition=models.Q(max_group_size__gte=1), name="tour_group_size_positive"),
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=15), name="tour_duration_minimum"),
        ]

    def clean(self) -> None:
        codes = {code for code, _label in TOUR_LANGUAGES}
        if not isinstance(self.languages, list) or any(code not in codes for code in self.languages):
            raise ValidationError({"languages": _("Choose languages from: %(codes)s.") % {"codes": ", ".join(sorted(codes))}})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both coordinates or neither.")})

    @property
    def description(self) -> str:
        return in_language(self, "description")

    @property
    def what_visitors_see(self) -> str:
        return in_language(self, "what_visitors_see")

    def search_text(self) -> str:
        return "\n".join(
            [self.description_ka, self.description_en, self.what_visitors_see_ka, self.what_visitors_see_en, self.address]
        )


class HostBlackoutDate(models.Model):
    """A day the host receives no visits (besides Georgia's public holidays)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tour_blackout_dates")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("day without visits")
        verbose_name_plural = _("days without visits")
        constraints = [models.UniqueConstraint(fields=["organization", "date"], name="tour_blackout_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.date}"


class TourSlot(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CANCELLED = "cancelled", _("Cancelled")

    offering = models.ForeignKey(TourOffering, on_delete=models.CASCADE, related_name="slots")
    # Denormalized for tenant scoping: always the offering's organization.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tour_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity (participants)"), validators=[MinValueValidator(1)])
    held_places = models.PositiveIntegerField(_("places held"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("tour date")
        verbose_name_plural = _("tour dates")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="tour_slot_ends_after_start"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="tour_slot_capacity_positive"),
            # The guarantee against overselling, whatever writes the row.
            models.CheckConstraint(condition=models.Q(held_places__lte=models.F("capacity")), name="tour_slot_not_oversold"),
        ]
        indexes = [models.Index(fields=["offering", "starts_at"]), models.Index(fields=["organization", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.offering} · {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A visit must end after it starts.")})

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.held_places, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class TourBooking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        WAITLISTED = "waitlisted", _("On the waiting list")
        PROMOTED = "promoted", _("Offered from the waiting list")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        LAPSED = "lapsed", _("Offer lapsed")
        COMPLETED = "completed", _("Completed")

    # Bookings in these states hold places in the slot.
    HOLDING = frozenset({Status.REQUESTED, Status.PROMOTED, Status.CONFIRMED})
    # States in which the delegation can still cancel.
    CANCELLABLE = frozenset({Status.REQUESTED, Status.WAITLISTED, Status.PROMOTED, Status.CONFIRMED})

    slot = models.ForeignKey(TourSlot, on_delete=models.PROTECT, related_name="bookings")
    # The host: the slot's organization, kept here so a host's queries need no join.
    host = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tour_bookings_hosted")
    requesting_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="tour_bookings_made",
        verbose_name=_("requesting organization"),
    )
    delegation_name = models.CharField(_("delegation"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tour_bookings", editable=False
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    participants = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    participant_list = models.JSONField(_("participants' names and positions"), default=list, blank=True)
    purpose = models.TextField(_("purpose of the visit"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=TOUR_LANGUAGES, default="ka")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    host_message = models.TextField(_("message from the host"), blank=True)
    promotion_deadline = models.DateTimeField(_("confirm the offered places by"), null=True, blank=True)
    # A client's key for one request: the same request sent twice makes one booking.
    request_key = models.CharField(max_length=80, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tour booking")
        verbose_name_plural = _("tour bookings")
        constraints = [
            models.CheckConstraint(condition=models.Q(participants__gte=1), name="tour_booking_participants_positive"),
            models.CheckConstraint(
                condition=~models.Q(requesting_organization__isnull=True, delegation_name=""),
                name="tour_booking_names_its_delegation",
            ),
            models.UniqueConstraint(fields=["slot", "request_key"], name="tour_booking_request_once"),
        ]
        indexes = [
            models.Index(fields=["slot", "status", "created_at"]),
            models.Index(fields=["host", "status"]),
            models.Index(fields=["requesting_organization", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.delegation} → {self.slot}"

    @property
    def delegation(self) -> str:
        return self.requesting_organization.name if self.requesting_organization_id else self.delegation_name

    @property
    def holds_places(self) -> bool:
        return self.status in self.HOLDING


class TourFeedback(models.Model):
    """What a delegation thought of a completed visit."""

    booking = models.OneToOneField(TourBooking, on_delete=models.CASCADE, related_name="feedback")
    offering = models.ForeignKey(TourOffering, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visit feedback")
        verbose_name_plural = _("visit feedback")
        constraints = [models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="tour_feedback_rating_range")]

    def __str__(self) -> str:
        return f"{self.offering}: {self.rating}/5"


class CalendarFeed(models.Model):
    """A private, revocable iCalendar subscription: a host's visits or a delegation's bookings."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tour_calendar_feeds")
    # True: the visits it hosts; False: the visits it books elsewhere.
    as_host = models.BooleanField(default=True)
    token_prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return f"{self.organization} ({self.token_prefix}…)"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
