"""Study tours over the API: offerings (content), their dates, and bookings with a waiting list.

Thin views: an input serializer checks the shape, a service in tours/services.py
decides and writes, an output serializer answers. The tenant is resolved in the
permission classes: a date's writes need an editor of its organization
(`TenantPermission`, the offering's organization on creation), a host's answer
to a booking an editor of the host (`TourBookingPermission`). What only the
delegation may do (cancel, accept an offer, give feedback) the services check
themselves and refuse with `NotAllowed` (403), whatever the path.
"""

import uuid

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from hub.api.filters import AwareIsoDateTimeFilter
from municipalities.actors import Actor
from municipalities.models import Membership, Organization
from municipalities.permissions import ActorMixin, TenantPermission, check_role
from municipalities.selectors import organization_by_slug
from practices.apis.base import ContentViewSet, content_operation_schemas
from practices.models import Practice
from practices.selectors.content import content_visible
from practices.selectors.practice import practice_published_choices

from .calendar import booking_ics
from .filtersets import TourOfferingFilter
from .models import TourBooking, TourOffering, TourSlot
from .selectors import tour_booking_visible, tour_offering_visible, tour_slot_visible
from .serializers import (
    CancelSerializer,
    DeclineSerializer,
    FeedbackInputSerializer,
    FeedbackOutputSerializer,
    HostMessageSerializer,
    TourBookingCreateSerializer,
    TourBookingOutputSerializer,
    TourOfferingExportSerializer,
    TourOfferingInputSerializer,
    TourOfferingOutputSerializer,
    TourSlotCancelSerializer,
    TourSlotCreateSerializer,
    TourSlotOutputSerializer,
    TourSlotUpdateSerializer,
    TourSlotWeeklyResultSerializer,
    TourSlotWeeklySerializer,
)
from .services import (
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

# How many upcoming dates an offering's representation carries.
NEXT_DATES = 5


# --- permissions -----------------------------------------------------------------------------
def _refuse_read_only_key(actor: Actor) -> None:
    if actor.api_key is not None and not actor.api_key.can_write:
        raise exceptions.PermissionDenied(_("This API key is read-only."))


class TourBookingPermission(permissions.BasePermission):
    """Reads follow the queryset; writes need a signed-in actor (a key with write scope).

    A host's answers (`host_actions` of the view) need an editor of the booking's
    host; the delegation's own actions are the services' to check.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        actor = Actor.from_request(request)
        if actor.is_anonymous:
            raise exceptions.NotAuthenticated()
        _refuse_read_only_key(actor)
        return True

    def has_object_permission(self, request, view, obj: TourBooking) -> bool:
        if view.action in getattr(view, "host_actions", ()):
            check_role(actor=Actor.from_request(request), organization=obj.host, role=Membership.Role.EDITOR)
        return True


# --- offerings -------------------------------------------------------------------------------
def _linked_practices(*, data: dict, actor: Actor) -> list[Practice] | None:
    """The practices named by id and by "organization/slug", among those the actor can see; None if neither is given."""
    ids, slugs = data.pop("practices", None), data.pop("practice_slugs", None)
    if ids is None and slugs is None:
        return None
    visible = content_visible(model=Practice, actor=actor)
    found = {practice.pk: practice for practice in visible.filter(pk__in=ids or [])}
    missing = [str(pk) for pk in ids or [] if pk not in found]
    if slugs:
        wanted = Q(pk__in=[])
        for pair in slugs:
            organization, slug = pair.split("/", 1)
            wanted |= Q(organization__slug=organization, slug=slug)
        by_slug = {f"{practice.organization.slug}/{practice.slug}": practice for practice in visible.filter(wanted)}
        missing += [pair for pair in slugs if pair not in by_slug]
        found.update({practice.pk: practice for practice in by_slug.values()})
    if missing:
        raise exceptions.ValidationError({"practices": [_("There is no practice %(ids)s.") % {"ids": ", ".join(missing)}]})
    return list(found.values())


class TourOfferingViewSet(ContentViewSet):
    """Study tours a host organization offers: what delegations see, in which languages, for how many; its next dates."""

    model = TourOffering
    output_serializer_class = TourOfferingOutputSerializer
    input_serializer_class = TourOfferingInputSerializer
    export_serializer_class = TourOfferingExportSerializer
    filterset_class = TourOfferingFilter

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return TourOffering.objects.none()
        return self._with_relations(tour_offering_visible(actor=self.actor))

    def _with_relations(self, queryset: QuerySet) -> QuerySet:
        # Two queries whatever the page size: the published practices shown, and the next few open dates
        # (a sliced prefetch, which Django answers with one window query).
        upcoming = TourSlot.objects.filter(status=TourSlot.Status.OPEN, starts_at__gt=timezone.now()).order_by("starts_at", "id")
        return super()._with_relations(queryset).prefetch_related(
            Prefetch("practices", queryset=practice_published_choices(), to_attr="prefetched_practices"),
            Prefetch("slots", queryset=upcoming[:NEXT_DATES], to_attr="prefetched_next_dates"),
        )

    def create_item(self, *, organization: Organization, data: dict) -> TourOffering:
        practices = _linked_practices(data=data, actor=self.actor)
        return tour_offering_create(organization=organization, fields=data, practices=practices, actor=self.actor)

    def update_item(self, *, item: TourOffering, data: dict, expected_version: int | None) -> TourOffering:
        practices = _linked_practices(data=data, actor=self.actor)
        return tour_offering_update(
            offering=item, fields=data, practices=practices, expected_version=expected_version, actor=self.actor
        )


# No open-data dataset (so no `dataset_name`), but the same documented operations as every content type.
extend_schema_view(**content_operation_schemas(TourOfferingViewSet))(TourOfferingViewSet)


# --- dates -----------------------------------------------------------------------------------
class TourSlotFilter(django_filters.FilterSet):
    offering = django_filters.NumberFilter(field_name="offering_id", help_text=gettext_lazy("Study tour (id)."))
    organization = django_filters.CharFilter(field_name="organization__slug", help_text=gettext_lazy("Host organization (slug)."))
    status = django_filters.ChoiceFilter(choices=TourSlot.Status.choices)
    starts_after = AwareIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = AwareIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = TourSlot
        fields: list[str] = []


@extend_schema_view(
    create=extend_schema(request=TourSlotCreateSerializer, responses={201: TourSlotOutputSerializer}),
    partial_update=extend_schema(request=TourSlotUpdateSerializer, responses={200: TourSlotOutputSerializer}),
    cancel=extend_schema(request=TourSlotCancelSerializer, responses={200: TourSlotOutputSerializer}),
    weekly=extend_schema(request=TourSlotWeeklySerializer, responses={201: TourSlotWeeklyResultSerializer}),
)
class TourSlotViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Dates of study tours with their capacity; the host's editors add, resize and cancel them."""

    permission_classes = [TenantPermission]
    serializer_class = TourSlotOutputSerializer
    filterset_class = TourSlotFilter
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return TourSlot.objects.none()
        return tour_slot_visible(actor=self.actor).select_related("offering__organization")

    def get_tenant(self) -> Organization | None:
        """On creation, the organization of the offering named in the body (TenantPermission checks the role)."""
        if self.action not in ("create", "weekly"):
            return None
        if not hasattr(self, "_offering"):
            if self.actor.is_anonymous:
                raise exceptions.NotAuthenticated()
            self._offering = self._offering_from_request()
        return self._offering.organization

    def _offering_from_request(self) -> TourOffering:
        raw = self.request.data.get("offering") if hasattr(self.request.data, "get") else None
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise exceptions.ValidationError({"offering": [_("Give the id of the study tour.")]}) from None
        offering = tour_offering_visible(actor=self.actor).filter(pk=pk).first()
        if offering is None:
            raise exceptions.ValidationError({"offering": [_("There is no study tour with the id %(id)d.") % {"id": pk}]})
        return offering

    def _output(self, slot: TourSlot, *, status_code: int = status.HTTP_200_OK) -> Response:
        slot = self.get_queryset().get(pk=slot.pk)
        return Response(TourSlotOutputSerializer(slot).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = TourSlotCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("offering")
        slot = tour_slot_create(offering=self._offering, actor=self.actor, **data)
        return self._output(slot, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        slot = self.get_object()
        serializer = TourSlotUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        slot = tour_slot_update(slot=slot, capacity=serializer.validated_data["capacity"], actor=self.actor)
        return self._output(slot)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the date: every open booking on it is cancelled and its delegation told the reason."""
        slot = self.get_object()
        serializer = TourSlotCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        slot = tour_slot_cancel(slot=slot, reason=serializer.validated_data["reason"], actor=self.actor)
        return self._output(slot)

    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def weekly(self, request):
        """One date per chosen weekday in the range at the same local time; public holidays and the host's days off are skipped."""
        serializer = TourSlotWeeklySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("offering")
        created, skipped = tour_slots_create_weekly(offering=self._offering, actor=self.actor, **data)
        slots = self.get_queryset().filter(pk__in=[slot.pk for slot in created]).order_by("starts_at", "id")
        result = {"created": slots, "skipped": [{"date": day, "reason": reason} for day, reason in sorted(skipped.items())]}
        return Response(TourSlotWeeklyResultSerializer(result).data, status=status.HTTP_201_CREATED)


# --- bookings --------------------------------------------------------------------------------
class TourBookingFilter(django_filters.FilterSet):
    slot = django_filters.NumberFilter(field_name="slot_id", help_text=gettext_lazy("Date (id)."))
    offering = django_filters.NumberFilter(field_name="slot__offering_id", help_text=gettext_lazy("Study tour (id)."))
    status = django_filters.ChoiceFilter(choices=TourBooking.Status.choices)
    host = django_filters.CharFilter(field_name="host__slug", help_text=gettext_lazy("Host organization (slug)."))

    class Meta:
        model = TourBooking
        fields: list[str] = []


class ICalendarRenderer(BaseRenderer):
    """Lets a client ask for text/calendar; the .ics view answers with the file itself, errors go out as JSON."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else JSONRenderer().render(data, renderer_context=renderer_context)


# The model keeps 80 characters for the key; the sender's prefix takes up to 16 of them.
MAX_IDEMPOTENCY_KEY = 64
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description=gettext_lazy(
        "A key of at most 64 characters, unique to this request: sent again by the same client for the same "
        "date, it returns the booking already made (200) instead of making another (201)."
    ),
)  # fmt: skip
BOOKING_RESPONSES = {200: TourBookingOutputSerializer}
# What a booking's representation reads, in the one query that loads it.
BOOKING_RELATIONS = ("slot__offering__organization", "host", "requesting_organization")


@extend_schema_view(
    create=extend_schema(
        request=TourBookingCreateSerializer, parameters=[IDEMPOTENCY_KEY],
        responses={201: TourBookingOutputSerializer, 200: OpenApiResponse(TourBookingOutputSerializer, description=gettext_lazy("The same request again: the booking it made."))},
    ),
    confirm=extend_schema(request=HostMessageSerializer, responses=BOOKING_RESPONSES),
    decline=extend_schema(request=DeclineSerializer, responses=BOOKING_RESPONSES),
    cancel=extend_schema(request=CancelSerializer, responses=BOOKING_RESPONSES),
    accept_offer=extend_schema(request=None, responses=BOOKING_RESPONSES),
    feedback=extend_schema(request=FeedbackInputSerializer, responses={201: FeedbackOutputSerializer}),
    ics=extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY}),
)  # fmt: skip
class TourBookingViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests for places on a date: the host's and the delegation's bookings, the waiting list, the answers."""

    permission_classes = [TourBookingPermission]
    serializer_class = TourBookingOutputSerializer
    filterset_class = TourBookingFilter
    lookup_value_regex = r"\d+"
    host_actions = ("confirm", "decline")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return TourBooking.objects.none()
        if self.action in ("list", "retrieve", "ics"):
            return self._visible().order_by("-created_at", "-id")
        # An action may name any booking on a date the actor can see: the permission class (host answers) and
        # the services (the delegation's own actions) then refuse a stranger with the reason (403), not a 404.
        return TourBooking.objects.filter(slot__in=tour_slot_visible(actor=self.actor)).select_related(*BOOKING_RELATIONS)

    def _visible(self) -> QuerySet:
        return tour_booking_visible(actor=self.actor).select_related(*BOOKING_RELATIONS)

    def handle_exception(self, exc):
        # An error is written in the one JSON format even to a client that asked for a calendar.
        if isinstance(getattr(self.request, "accepted_renderer", None), ICalendarRenderer):
            self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().handle_exception(exc)

    def _output(self, booking: TourBooking, *, status_code: int = status.HTTP_200_OK) -> Response:
        booking = self._visible().get(pk=booking.pk)
        return Response(TourBookingOutputSerializer(booking).data, status=status_code)

    def _requesting_organization(self, slug: str) -> Organization | None:
        if not slug:
            # An API key books for its own organization; a person, for the delegation they name.
            return self.actor.api_key.organization if self.actor.api_key is not None else None
        organization = organization_by_slug(slug=slug)
        if organization is None:
            raise exceptions.ValidationError({"requesting_organization": [_("There is no organization “%(slug)s”.") % {"slug": slug}]})
        return organization

    def _request_key(self) -> str:
        """The booking's request key: the client's Idempotency-Key, kept apart per client; a fresh one without it.

        Scoped by who sends it, so two delegations that happen to pick the same key never get each other's booking.
        """
        key = self.request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return uuid.uuid4().hex
        if len(key) > MAX_IDEMPOTENCY_KEY:
            raise exceptions.ValidationError(
                {"idempotency_key": [_("Send an Idempotency-Key of at most %(count)d characters.") % {"count": MAX_IDEMPOTENCY_KEY}]}
            )
        actor = self.actor
        sender = f"k{actor.api_key.pk}" if actor.api_key is not None else f"u{actor.user.pk}"
        return f"{sender}:{key}"

    def create(self, request, *args, **kwargs):
        serializer = TourBookingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        slot_id = data.pop("slot")
        # Only whether the actor may see the date: the service loads and locks the row itself.
        slot = tour_slot_visible(actor=self.actor).select_related(None).only("pk").filter(pk=slot_id).first()
        if slot is None:
            raise exceptions.ValidationError({"slot": [_("There is no tour date with the id %(id)d.") % {"id": slot_id}]})
        booking, created = tour_booking_request(
            slot=slot,
            actor=self.actor,
            request_key=self._request_key(),
            requesting_organization=self._requesting_organization(data.pop("requesting_organization", "")),
            **data,
        )
        if not created:
            return self._output(booking)
        # A new booking comes back from the service with its date, tour and host loaded, so it is answered without
        # reading it again (about 2 of the 15 ms a booking cost in bench/booking.py); the tour's organization is the date's.
        booking.slot.offering.organization = booking.slot.organization
        return Response(TourBookingOutputSerializer(booking).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The host accepts the request (or a waiting one, when its places are free)."""
        booking = self.get_object()
        serializer = HostMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._output(tour_booking_confirm(booking=booking, message=serializer.validated_data["message"], actor=self.actor))

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The host declines the request, saying why; freed places go to the waiting list."""
        booking = self.get_object()
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._output(tour_booking_decline(booking=booking, message=serializer.validated_data["message"], actor=self.actor))

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The delegation withdraws, or the host cancels this booking; freed places go to the waiting list."""
        booking = self.get_object()
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._output(tour_booking_cancel(booking=booking, reason=serializer.validated_data["reason"], actor=self.actor))

    @action(detail=True, methods=["post"], url_path="accept-offer")
    def accept_offer(self, request, pk=None):
        """The delegation takes the places offered from the waiting list, before the offer's deadline."""
        return self._output(tour_booking_accept_offer(booking=self.get_object(), actor=self.actor))

    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """The delegation rates the visit once it has taken place."""
        booking = self.get_object()
        serializer = FeedbackInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = tour_feedback_give(booking=booking, actor=self.actor, **serializer.validated_data)
        return Response(FeedbackOutputSerializer(feedback).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, ICalendarRenderer], filterset_class=None)
    def ics(self, request, pk=None):
        """The visit as an iCalendar file (Asia/Tbilisi times), for a calendar program."""
        booking = self.get_object()
        response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tour-booking-{booking.pk}.ics"'
        return response
