"""Reading study tours: what each actor may see, the next dates, feedback, calendars."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from municipalities.actors import Actor
from municipalities.models import Organization, hash_secret
from practices.models import ContentStatus, Practice
from practices.selectors.content import actor_organization_ids, content_visible

from .models import CalendarFeed, TourBooking, TourFeedback, TourOffering, TourSlot


def tour_offering_visible(*, actor: Actor) -> QuerySet[TourOffering]:
    return content_visible(model=TourOffering, actor=actor).prefetch_related("practices")


def tour_slot_visible(*, actor: Actor) -> QuerySet[TourSlot]:
    """Dates of published offerings for everyone; a host's editors also see those of its drafts."""
    visible = Q(offering__status=ContentStatus.PUBLISHED)
    if not actor.is_anonymous:
        visible |= Q(organization_id__in=actor_organization_ids(actor=actor))
    return TourSlot.objects.filter(visible).select_related("offering", "organization")


def tour_slots_upcoming(*, offering: TourOffering, limit: int | None = None) -> QuerySet[TourSlot]:
    slots = offering.slots.filter(status=TourSlot.Status.OPEN, starts_at__gt=timezone.now()).order_by("starts_at")
    return slots[:limit] if limit else slots


def tour_booking_visible(*, actor: Actor) -> QuerySet[TourBooking]:
    """Bookings the actor's organizations host or made, and those the actor made in person."""
    if actor.is_anonymous:
        return TourBooking.objects.none()
    organizations = actor_organization_ids(actor=actor)
    visible = Q(host_id__in=organizations) | Q(requesting_organization_id__in=organizations)
    if actor.user is not None:
        visible |= Q(requested_by=actor.user)
    return TourBooking.objects.filter(visible).select_related(
        "slot__offering__organization", "host", "requesting_organization"
    )


def tour_waiting_list(*, slot: TourSlot) -> QuerySet[TourBooking]:
    return slot.bookings.filter(status=TourBooking.Status.WAITLISTED).order_by("created_at", "id")


def practice_next_tour_dates(*, practice: Practice, limit: int = 3) -> list[TourSlot]:
    """"See it in person": the next open dates of published tours that show the practice."""
    return list(
        TourSlot.objects.filter(
            offering__practices=practice, offering__status=ContentStatus.PUBLISHED,
            status=TourSlot.Status.OPEN, starts_at__gt=timezone.now(),
        )
        .select_related("offering", "organization")
        .order_by("starts_at")[:limit]
    )  # fmt: skip


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    average: float | None
    recent: list[TourFeedback]


def _summary(feedback: QuerySet[TourFeedback]) -> FeedbackSummary:
    totals = feedback.aggregate(count=Count("id"), average=Avg("rating"))
    recent = list(feedback.exclude(comment="").select_related("booking__requesting_organization").order_by("-created_at")[:5])
    average = round(float(totals["average"]), 1) if totals["average"] is not None else None
    return FeedbackSummary(count=totals["count"], average=average, recent=recent)


def tour_feedback_summary(*, offering: TourOffering) -> FeedbackSummary:
    return _summary(TourFeedback.objects.filter(offering=offering))


def practice_tour_feedback(*, practice: Practice) -> FeedbackSummary:
    """What visitors said about the tours that show this practice."""
    return _summary(TourFeedback.objects.filter(offering__practices=practice, offering__status=ContentStatus.PUBLISHED))


def calendar_feed_for_token(*, token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("organization")
        .filter(token_hash=hash_secret(token), revoked_at__isnull=True)
        .first()
    )


def calendar_feed_bookings(*, feed: CalendarFeed) -> QuerySet[TourBooking]:
    """A host's visits (requested and confirmed) or a delegation's own bookings that still stand."""
    live = [TourBooking.Status.REQUESTED, TourBooking.Status.PROMOTED, TourBooking.Status.CONFIRMED, TourBooking.Status.COMPLETED]
    owner = Q(host=feed.organization) if feed.as_host else Q(requesting_organization=feed.organization)
    return TourBooking.objects.filter(owner, status__in=live).select_related("slot__offering__organization", "requesting_organization")


def calendar_feeds_of(*, organization: Organization) -> QuerySet[CalendarFeed]:
    return organization.tour_calendar_feeds.filter(revoked_at__isnull=True).order_by("-created_at")
