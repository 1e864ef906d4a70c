"""Study tours over the API: offerings (content), dates, bookings; input serializers validate shape, services decide."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from practices.models import Practice
from practices.serializers.base import (
    CONTENT_EXPORT_FIELDS,
    CONTENT_INPUT_FIELDS,
    CONTENT_OUTPUT_FIELDS,
    ContentExportSerializer,
    ContentInputSerializer,
    ContentOutputSerializer,
    default_language_path,
)

from .models import TOUR_LANGUAGES, TourBooking, TourOffering, TourSlot

OFFERING_FIELDS = [
    "description_ka", "description_en", "what_visitors_see_ka", "what_visitors_see_en", "languages",
    "duration_minutes", "max_group_size", "confirmation", "address", "latitude", "longitude",
    "contact_name", "contact_email", "contact_phone",
]  # fmt: skip


# --- offerings -----------------------------------------------------------------------------
class TourPracticeSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = ["id", "organization", "slug", "title_ka", "title_en", "url"]

    def get_url(self, practice: Practice) -> str:
        request = self.context.get("request")
        path = default_language_path(practice)
        return request.build_absolute_uri(path) if request else path


class SlotSummarySerializer(serializers.ModelSerializer):
    free_places = serializers.IntegerField(read_only=True)

    class Meta:
        model = TourSlot
        fields = ["id", "starts_at", "ends_at", "capacity", "free_places"]


class TourOfferingOutputSerializer(ContentOutputSerializer):
    # Lists prefetched by TourOfferingViewSet._with_relations: published practices, the next open dates.
    practices = TourPracticeSerializer(many=True, read_only=True, source="prefetched_practices")
    next_dates = SlotSummarySerializer(
        many=True, read_only=True, source="prefetched_next_dates", help_text=_("The next open dates, soonest first.")
    )

    class Meta:
        model = TourOffering
        fields = [*CONTENT_OUTPUT_FIELDS, *OFFERING_FIELDS, "practices", "next_dates"]


class TourOfferingInputSerializer(ContentInputSerializer):
    # Codes checked by the model's clean() (which names the allowed ones); a plain list keeps one language enum in the schema.
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False,
        help_text=_("Languages the visit can be held in: ka, en, ru, hy, az."),
    )  # fmt: skip
    # Checked by the view against the practices the actor can see, and by the service (published only).
    practices = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text=_("Ids of the published practices the visit shows.")
    )
    practice_slugs = serializers.ListField(
        child=serializers.RegexField(r"^[-\w]+/[-\w]+$"), required=False,
        help_text=_("The same practices as “organization-slug/practice-slug”; combined with `practices`."),
    )  # fmt: skip

    class Meta:
        model = TourOffering
        fields = [*CONTENT_INPUT_FIELDS, *OFFERING_FIELDS, "practices", "practice_slugs"]


class TourOfferingExportSerializer(ContentExportSerializer):
    practices = serializers.SerializerMethodField()

    class Meta:
        model = TourOffering
        fields = [*CONTENT_EXPORT_FIELDS, "languages", "duration_minutes", "max_group_size", "address", "latitude", "longitude", "practices"]

    def get_practices(self, offering: TourOffering) -> list[int]:
        return [practice.pk for practice in offering.prefetched_practices]


# --- dates ---------------------------------------------------------------------------------
# The references a booking or a date carries are plain serializers: a ModelSerializer rebuilds its fields from the
# model on every instance, which was a tenth of a booking request's time (bench/booking.py).
class HostRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name_ka = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class OfferingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    organization = serializers.SlugField(source="organization.slug", read_only=True)
    slug = serializers.SlugField(read_only=True)
    title_ka = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    confirmation = serializers.ChoiceField(choices=TourOffering.Confirmation.choices, read_only=True)
    max_group_size = serializers.IntegerField(read_only=True)


class TourSlotOutputSerializer(serializers.ModelSerializer):
    offering = OfferingRefSerializer(read_only=True)
    organization = HostRefSerializer(read_only=True, help_text=_("The host organization."))
    free_places = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=TourSlot.Status.choices, read_only=True)

    class Meta:
        model = TourSlot
        fields = [
            "id", "offering", "organization", "starts_at", "ends_at", "capacity", "held_places", "free_places",
            "status", "cancel_reason", "created_at", "updated_at",
        ]  # fmt: skip


class TourSlotCreateSerializer(serializers.Serializer):
    offering = serializers.IntegerField(min_value=1, help_text=_("Id of the study tour."))
    starts_at = serializers.DateTimeField(help_text=_("ISO 8601 date-time with offset."))
    ends_at = serializers.DateTimeField(required=False, help_text=_("Defaults to the start plus the tour's duration."))
    capacity = serializers.IntegerField(min_value=1, help_text=_("Places (participants) on this date."))


class TourSlotUpdateSerializer(serializers.Serializer):
    capacity = serializers.IntegerField(min_value=1, help_text=_("More places promote the waiting list; fewer may not drop held places."))


class TourSlotCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("Sent to every delegation booked on the date."))


class TourSlotWeeklySerializer(serializers.Serializer):
    offering = serializers.IntegerField(min_value=1, help_text=_("Id of the study tour."))
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), allow_empty=False, help_text=_("0 = Monday … 6 = Sunday.")
    )
    start_time = serializers.TimeField(help_text=_("Local time in Tbilisi."))
    capacity = serializers.IntegerField(min_value=1)


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField(help_text=_("The public holiday or the host's day off."))


class TourSlotWeeklyResultSerializer(serializers.Serializer):
    created = TourSlotOutputSerializer(many=True)
    skipped = SkippedDaySerializer(many=True)


# --- bookings ------------------------------------------------------------------------------
class SlotRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    offering = OfferingRefSerializer(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)


class ParticipantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TourBookingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slot = SlotRefSerializer(read_only=True)
    host = HostRefSerializer(read_only=True)
    requesting_organization = HostRefSerializer(read_only=True, allow_null=True)
    delegation = serializers.CharField(read_only=True, help_text=_("The requesting organization's name, or the delegation's."))
    delegation_name = serializers.CharField(read_only=True)
    contact_name = serializers.CharField(read_only=True)
    contact_email = serializers.EmailField(read_only=True)
    contact_phone = serializers.CharField(read_only=True)
    participants = serializers.IntegerField(read_only=True)
    participant_list = ParticipantSerializer(many=True, read_only=True)
    purpose = serializers.CharField(read_only=True)
    accessibility_needs = serializers.CharField(read_only=True)
    language = serializers.ChoiceField(choices=TOUR_LANGUAGES, read_only=True)
    status = serializers.ChoiceField(choices=TourBooking.Status.choices, read_only=True)
    host_message = serializers.CharField(read_only=True)
    promotion_deadline = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class TourBookingCreateSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1, help_text=_("Id of the date."))
    requesting_organization = serializers.SlugField(
        required=False, allow_blank=True,
        help_text=_("Slug of the organization the delegation comes from (you must belong to it); API keys book for their own."),
    )  # fmt: skip
    delegation_name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(max_length=200)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    participants = serializers.IntegerField(min_value=1)
    participant_list = ParticipantSerializer(many=True, required=False, default=list)
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    accessibility_needs = serializers.CharField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=TOUR_LANGUAGES, required=False, default="ka")


class HostMessageSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("Sent to the delegation."))


class DeclineSerializer(serializers.Serializer):
    # Optional here so that a missing reason gets the service's own message ("Tell the delegation why.").
    message = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("Why; sent to the delegation."))


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("Sent to the delegation when the host cancels."))


class FeedbackInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    booking = serializers.IntegerField(source="booking_id")
    rating = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()
