"""The study tour pages: offerings, a host's dates and inbox, booking, the booking page, calendars, my bookings."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from municipalities.actors import Actor
from municipalities.models import AuditEntry, Membership
from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.actors import TEST_ACTOR
from tests.factories import MembershipFactory, verified_user
from tours.models import HostBlackoutDate, TourBooking, TourFeedback, TourOffering, TourSlot
from tours.services import tour_booking_cancel, tour_visits_complete

pytestmark = pytest.mark.django_db

TBILISI = ZoneInfo("Asia/Tbilisi")
Status = TourBooking.Status


@pytest.fixture
def outsider():
    """Signed in, but a member of neither the host nor the delegation."""
    return verified_user()


@pytest.fixture
def other_editor(other_organization):
    """An editor of the delegation's organization: a host elsewhere, never here."""
    return MembershipFactory(organization=other_organization, role=Membership.Role.EDITOR).user


@pytest.fixture
def practice(organization):
    item = practice_create(organization=organization, title_ka="ერთი ფანჯრის სერვისი", title_en="One-stop service", actor=TEST_ACTOR)
    content_publish(item=item, actor=TEST_ACTOR)
    return item


def booking_post(slot, **overrides) -> dict:
    data = {
        "request_key": "key-1", "delegation_name": "", "contact_name": "ნინო", "contact_email": "nino@vani.example.ge",
        "participants": 4, "participant_list": "ნინო ბერიძე | მერის მოადგილე\nგიორგი | სპეციალისტი",
        "purpose": "ელექტრონული სერვისები", "language": "ka",
    }  # fmt: skip
    data.update(overrides)
    return data


def tbilisi(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, TBILISI)


# --- offerings -----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["anonymous", "member", "editor"])
def test_list_detail_and_calendars_render_for_everyone(client, who, member, editor, offering, make_slot):
    slot = make_slot(capacity=12)
    if who != "anonymous":
        client.force_login(member if who == "member" else editor)
    listing = client.get(reverse("touroffering-list"))
    assert listing.status_code == 200 and offering.title in listing.content.decode()
    detail = client.get(offering.get_absolute_url())
    html = detail.content.decode()
    assert detail.status_code == 200
    assert f"{tbilisi(slot.starts_at):%H:%M}" in html
    assert (reverse("tour-slot-book", args=[slot.pk]) in html) is (who != "anonymous")
    assert (offering.page_url("dates") in html) is (who == "editor")
    month = client.get(reverse("tour-calendar"), {"month": f"{tbilisi(slot.starts_at):%Y-%m}"})
    assert month.status_code == 200 and offering.title in month.content.decode()
    year, week, _day = tbilisi(slot.starts_at).isocalendar()
    week_page = client.get(reverse("tour-calendar-week"), {"week": f"{year}-W{week:02d}"})
    assert week_page.status_code == 200 and offering.title in week_page.content.decode()


def test_detail_renders_markdown_practices_languages_and_free_places(client, make_offering, practice, make_slot):
    offering = make_offering(slug="md", description_ka="**ერთი ფანჯარა** <script>x</script>", languages=["ka", "en"])
    offering.practices.set([practice])
    slot = make_slot(capacity=8, on=offering)
    response = client.get(offering.get_absolute_url())
    html = response.content.decode()
    assert "<strong>ერთი ფანჯარა</strong>" in html and "<script>x" not in html
    assert practice.get_absolute_url() in html
    assert len(response.context["language_names"]) == 2
    assert [(item.pk, item.free_places) for item in response.context["slots"]] == [(slot.pk, 8)]


def test_drafts_are_hidden_from_the_public(client, make_offering, member):
    draft = make_offering(slug="draft", published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_form_creates_a_draft_with_languages_and_linked_practices(client, editor, organization, practice):
    client.force_login(editor)
    assert client.get(reverse("touroffering-create")).status_code == 200
    response = client.post(reverse("touroffering-create"), {
        "organization": organization.pk, "title_ka": "რუსთავის სერვისცენტრი", "title_en": "Rustavi service centre",
        "description_ka": "აღწერა", "languages": ["ka", "en"], "duration_minutes": 150, "max_group_size": 15,
        "confirmation": "manual", "practices": [practice.pk], "contact_email": "tours@rustavi.example.ge",
    })  # fmt: skip
    offering = TourOffering.objects.get()
    assert response.status_code == 302 and response["Location"] == offering.get_absolute_url()
    assert offering.status == "draft" and offering.languages == ["ka", "en"] and offering.duration_minutes == 150
    assert list(offering.practices.all()) == [practice]
    assert AuditEntry.objects.filter(action="content.created", data__type="touroffering", actor=editor).count() == 1


def test_form_errors_are_in_the_users_language_and_nothing_is_saved(client, editor, organization):
    client.force_login(editor)
    data = {"organization": organization.pk, "title_en": "No Georgian title", "duration_minutes": 150, "max_group_size": 0,
            "confirmation": "manual"}  # fmt: skip
    georgian = client.post(reverse("touroffering-create"), data)
    assert georgian.status_code == 200
    assert georgian.context["form"].errors["title_ka"] == ["ეს ველი აუცილებელია."]
    with translation.override("en"):
        url = reverse("touroffering-create")
    assert url.startswith("/en/")
    english = client.post(url, data)
    assert english.context["form"].errors["title_ka"] == ["This field is required."]
    assert english.context["form"].errors["max_group_size"] == ["Ensure this value is greater than or equal to 1."]
    assert not TourOffering.objects.exists()


def test_edit_keeps_and_changes_the_linked_practices(client, editor, offering, practice):
    client.force_login(editor)
    page = client.get(offering.page_url("edit"))
    assert page.status_code == 200
    client.post(offering.page_url("edit"), {
        "version": offering.version, "title_ka": offering.title_ka, "languages": ["en"], "duration_minutes": 90,
        "max_group_size": 10, "confirmation": "automatic", "practices": [practice.pk],
    })  # fmt: skip
    offering.refresh_from_db()
    assert offering.languages == ["en"] and offering.confirmation == "automatic"
    assert list(offering.practices.all()) == [practice]


def test_members_cannot_open_the_offering_form(client, member, offering):
    client.force_login(member)
    assert client.get(reverse("touroffering-create")).status_code == 403
    assert client.get(offering.page_url("edit")).status_code == 403


# --- a host's dates ----------------------------------------------------------------------------
def test_dates_page_is_for_the_hosts_editors_only(client, editor, member, other_editor, offering):
    client.force_login(editor)
    assert client.get(offering.page_url("dates")).status_code == 200
    for user in (member, other_editor):
        client.force_login(user)
        assert client.get(offering.page_url("dates")).status_code in (403, 404)


def test_adding_one_date_reads_the_time_in_tbilisi(client, editor, offering):
    client.force_login(editor)
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(offering.page_url("dates-add"), {"day": day.isoformat(), "start_time": "10:30", "capacity": 12})
    assert response.status_code == 302
    slot = TourSlot.objects.get()
    assert tbilisi(slot.starts_at).replace(tzinfo=None) == datetime.datetime.combine(day, datetime.time(10, 30))
    assert slot.starts_at.utcoffset() is not None and slot.starts_at.astimezone(datetime.UTC).hour == 6
    assert slot.ends_at - slot.starts_at == datetime.timedelta(minutes=offering.duration_minutes)
    assert slot.capacity == 12


def test_a_date_in_the_past_is_a_form_error(client, editor, offering):
    client.force_login(editor)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with translation.override("en"):
        url = offering.page_url("dates-add")
    response = client.post(url, {"day": yesterday.isoformat(), "start_time": "10:00", "capacity": 5})
    assert response.status_code == 200
    assert response.context["slot_form"].errors["day"] == ["A visit must start in the future."]
    assert not TourSlot.objects.exists()


def test_weekly_dates_show_the_skipped_holidays_and_days_off(client, editor, organization, offering):
    client.force_login(editor)
    year = timezone.localdate().year + 1
    client.post(reverse("tour-host-blackout-add", args=[organization.slug]), {"date": f"{year}-01-09", "reason": "შიდა ტრენინგი"})
    assert HostBlackoutDate.objects.filter(organization=organization, date=datetime.date(year, 1, 9)).exists()
    response = client.post(offering.page_url("dates-weekly"), {
        "first_day": f"{year}-01-01", "last_day": f"{year}-01-10", "weekdays": list(range(7)), "start_time": "11:00", "capacity": 10,
    })  # fmt: skip
    assert response.status_code == 200
    result = response.context["weekly_result"]
    skipped = [day for day, _reason in result["skipped"]]
    # New Year (1, 2 January), Christmas (7 January) and the host's day off.
    assert datetime.date(year, 1, 1) in skipped and datetime.date(year, 1, 7) in skipped and datetime.date(year, 1, 9) in skipped
    assert "შიდა ტრენინგი" in response.content.decode()
    assert len(result["created"]) == 10 - len(skipped) == TourSlot.objects.count()
    assert {tbilisi(slot.starts_at).hour for slot in TourSlot.objects.all()} == {11}


def test_weekly_form_without_weekdays_is_an_error_and_adds_nothing(client, editor, offering):
    client.force_login(editor)
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(offering.page_url("dates-weekly"), {
        "first_day": day.isoformat(), "last_day": (day - datetime.timedelta(days=1)).isoformat(), "start_time": "11:00", "capacity": 10,
    })  # fmt: skip
    assert response.status_code == 200
    errors = response.context["weekly_form"].errors
    assert errors["weekdays"] == ["ეს ველი აუცილებელია."] and "last_day" in errors
    assert not TourSlot.objects.exists()


def test_only_the_host_cancels_a_date_or_changes_its_capacity(client, member, other_editor, editor, make_slot):
    slot = make_slot(capacity=10)
    for user in (member, other_editor):
        client.force_login(user)
        assert client.post(reverse("tour-slot-cancel", args=[slot.pk]), {"reason": "x"}).status_code in (403, 404)
        assert client.post(reverse("tour-slot-capacity", args=[slot.pk]), {"capacity": 2}).status_code in (403, 404)
    slot.refresh_from_db()
    assert slot.status == TourSlot.Status.OPEN and slot.capacity == 10
    client.force_login(editor)
    client.post(reverse("tour-slot-capacity", args=[slot.pk]), {"capacity": 14})
    client.post(reverse("tour-slot-cancel", args=[slot.pk]), {"reason": "მერიის შეხვედრა"})
    slot.refresh_from_db()
    assert slot.capacity == 14 and slot.status == TourSlot.Status.CANCELLED and slot.cancel_reason == "მერიის შეხვედრა"


def test_capacity_below_the_held_places_is_refused_with_the_reason(client, editor, make_slot, request_places):
    slot = make_slot(capacity=10)
    request_places(slot, 6)
    client.force_login(editor)
    with translation.override("en"):
        url = reverse("tour-slot-capacity", args=[slot.pk])
    response = client.post(url, {"capacity": 4}, follow=True)
    assert "6 places are already taken; the capacity cannot be lower." in response.content.decode()
    slot.refresh_from_db()
    assert slot.capacity == 10


# --- booking -------------------------------------------------------------------------------------
def test_booking_form_carries_a_request_key_and_a_double_submission_makes_one_booking(client, delegation_user, other_organization, make_slot):
    slot = make_slot(capacity=10)
    client.force_login(delegation_user)
    form_page = client.get(reverse("tour-slot-book", args=[slot.pk]), {"participants": 4})
    assert form_page.status_code == 200
    key = form_page.context["form"].initial["request_key"]
    assert len(key) == 32 and f'value="{key}"' in form_page.content.decode()
    data = booking_post(slot, request_key=key, requesting_organization=other_organization.pk)
    first = client.post(reverse("tour-slot-book", args=[slot.pk]), data)
    second = client.post(reverse("tour-slot-book", args=[slot.pk]), data)
    booking = TourBooking.objects.get()
    assert first["Location"] == second["Location"] == reverse("tour-booking-detail", args=[booking.pk])
    assert booking.status == Status.REQUESTED and booking.requesting_organization == other_organization
    assert booking.participant_list == [{"name": "ნინო ბერიძე", "position": "მერის მოადგილე"}, {"name": "გიორგი", "position": "სპეციალისტი"}]
    assert TourSlot.objects.get(pk=slot.pk).held_places == 4


def test_a_delegation_without_an_organization_names_itself(client, outsider, make_slot):
    slot = make_slot(capacity=10)
    client.force_login(outsider)
    response = client.post(reverse("tour-slot-book", args=[slot.pk]), booking_post(slot))
    assert response.status_code == 200
    assert response.context["form"].errors["delegation_name"]
    client.post(reverse("tour-slot-book", args=[slot.pk]), booking_post(slot, delegation_name="UNDP Georgia"))
    assert TourBooking.objects.get().delegation == "UNDP Georgia"


def test_booking_refusals_are_form_errors_in_the_users_language(client, delegation_user, other_organization, make_slot):
    slot = make_slot(capacity=30)
    client.force_login(delegation_user)
    with translation.override("en"):
        url = reverse("tour-slot-book", args=[slot.pk])
    response = client.post(url, booking_post(slot, requesting_organization=other_organization.pk, participants=25))
    assert response.status_code == 200
    assert response.context["form"].errors["participants"] == ["A group can have at most 20 participants."]
    response = client.post(url, booking_post(slot, requesting_organization=other_organization.pk, participants=1))
    assert response.context["form"].errors["participant_list"] == ["More names than participants."]
    assert not TourBooking.objects.exists()


def test_booking_for_an_organization_one_does_not_belong_to_is_refused(client, outsider, other_organization, make_slot):
    slot = make_slot(capacity=10)
    client.force_login(outsider)
    response = client.post(reverse("tour-slot-book", args=[slot.pk]), booking_post(slot, requesting_organization=other_organization.pk))
    assert response.status_code == 200 and "requesting_organization" in response.context["form"].errors
    assert not TourBooking.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, make_slot):
    slot = make_slot()
    response = client.get(reverse("tour-slot-book", args=[slot.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("tour-my-bookings")).status_code == 302


# --- the booking page and its actions -----------------------------------------------------------
def test_booking_page_is_for_the_delegation_and_the_host_only(client, delegation_user, editor, member, outsider, make_slot, request_places):
    booking = request_places(make_slot(), 3)
    url = reverse("tour-booking-detail", args=[booking.pk])
    for user in (delegation_user, editor, member):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert [step["state"] for step in response.context["timeline"]] == ["current", "todo", "todo"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("tour-booking-ics", args=[booking.pk])).status_code == 404


def test_only_the_host_confirms_and_declines(client, delegation_user, other_editor, member, editor, make_slot, request_places):
    slot = make_slot(capacity=10)
    first, second = request_places(slot, 3), request_places(slot, 2)
    for user in (delegation_user, other_editor, member):
        client.force_login(user)
        assert client.post(reverse("tour-booking-confirm", args=[first.pk])).status_code == 403
        assert client.post(reverse("tour-booking-decline", args=[first.pk]), {"message": "no"}).status_code == 403
    assert set(TourBooking.objects.values_list("status", flat=True)) == {Status.REQUESTED}
    client.force_login(editor)
    inbox = client.get(reverse("tour-host", args=[slot.organization.slug]))
    assert inbox.status_code == 200 and inbox.context["pending"] == 2
    client.post(reverse("tour-booking-confirm", args=[first.pk]), {"message": "მოგელით!"})
    with translation.override("en"):
        decline_url = reverse("tour-booking-decline", args=[second.pk])
    refused = client.post(decline_url, {"message": " "}, follow=True)
    assert "Tell the delegation why." in refused.content.decode()
    assert TourBooking.objects.get(pk=second.pk).status == Status.REQUESTED
    client.post(decline_url, {"message": "ჯგუფი ძალიან დიდია"})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.host_message) == (Status.CONFIRMED, "მოგელით!")
    assert (second.status, second.host_message) == (Status.DECLINED, "ჯგუფი ძალიან დიდია")
    assert TourSlot.objects.get(pk=slot.pk).held_places == 3


def test_host_inbox_is_refused_to_others(client, member, other_editor, organization):
    for user in (member, other_editor):
        client.force_login(user)
        assert client.get(reverse("tour-host", args=[organization.slug])).status_code == 403
        assert client.post(reverse("tour-host-blackout-add", args=[organization.slug]), {"date": "2031-05-05"}).status_code == 403
    assert not HostBlackoutDate.objects.exists()


def test_waiting_list_offer_is_accepted_on_the_booking_page(client, delegation_user, delegation, editor, make_slot, request_places):
    slot = make_slot(capacity=5)
    first, waiting = request_places(slot, 5), request_places(slot, 3)
    client.force_login(editor)
    inbox = client.get(reverse("tour-host", args=[slot.organization.slug]))
    assert [booking.pk for booking in inbox.context["groups"][0].waiting] == [waiting.pk]
    tour_booking_cancel(booking=first, actor=delegation)
    waiting.refresh_from_db()
    assert waiting.status == Status.PROMOTED
    client.force_login(delegation_user)
    page = client.get(reverse("tour-booking-detail", args=[waiting.pk]))
    assert page.context["can_accept"]
    assert [step["state"] for step in page.context["timeline"]] == ["done", "done", "current", "todo", "todo"]
    client.post(reverse("tour-booking-accept", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Status.REQUESTED


def test_the_delegation_cancels_and_an_outsider_cannot(client, delegation_user, outsider, make_slot, request_places):
    booking = request_places(make_slot(capacity=5), 2)
    client.force_login(outsider)
    assert client.post(reverse("tour-booking-cancel", args=[booking.pk])).status_code == 404
    client.force_login(delegation_user)
    client.post(reverse("tour-booking-cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED and TourSlot.objects.get(pk=booking.slot_id).held_places == 0


def test_feedback_after_the_visit_shows_on_the_offering_and_the_practice(
    client, delegation_user, editor, offering, practice, make_slot, request_places, host_actor
):
    offering.practices.set([practice])
    slot = make_slot(capacity=5)
    booking = request_places(slot, 2)
    client.force_login(editor)
    client.post(reverse("tour-booking-confirm", args=[booking.pk]))
    client.force_login(delegation_user)
    assert client.get(reverse("tour-booking-detail", args=[booking.pk])).context["feedback_form"] is None
    past = timezone.now() - datetime.timedelta(days=1)
    TourSlot.objects.filter(pk=slot.pk).update(starts_at=past - datetime.timedelta(hours=2), ends_at=past)
    assert tour_visits_complete(actor=Actor.system(name="tests")) == 1
    url = reverse("tour-booking-feedback", args=[booking.pk])
    bad = client.post(url, {"rating": 9, "comment": "?"})
    assert bad.status_code == 200 and "rating" in bad.context["feedback_form"].errors
    client.force_login(editor)
    assert client.post(url, {"rating": 5, "comment": "host's own"}).status_code == 403
    client.force_login(delegation_user)
    client.post(url, {"rating": 4, "comment": "ძალიან სასარგებლო ვიზიტი"})
    assert TourFeedback.objects.get().rating == 4
    assert "ძალიან სასარგებლო ვიზიტი" in client.get(offering.get_absolute_url()).content.decode()
    practice_page = client.get(practice.get_absolute_url()).content.decode()
    assert 'data-testid="see-it-in-person"' in practice_page and "ძალიან სასარგებლო ვიზიტი" in practice_page


def test_practice_page_shows_the_next_tour_dates(client, offering, practice, make_slot):
    assert 'data-testid="see-it-in-person"' not in client.get(practice.get_absolute_url()).content.decode()
    offering.practices.set([practice])
    slot = make_slot(capacity=6)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert 'data-testid="see-it-in-person"' in html and offering.get_absolute_url() in html
    assert f"{tbilisi(slot.starts_at):%H:%M}" in html


def test_my_bookings_lists_what_the_user_and_their_organizations_booked(client, delegation_user, other_organization, editor, make_slot, request_places):
    booking = request_places(make_slot(), 2)
    colleague = MembershipFactory(organization=other_organization, role=Membership.Role.MEMBER).user
    for user in (delegation_user, colleague):
        client.force_login(user)
        assert [item.pk for item in client.get(reverse("tour-my-bookings")).context["upcoming"]] == [booking.pk]
    client.force_login(editor)  # the host's editor made none
    assert client.get(reverse("tour-my-bookings")).context["upcoming"] == []


# --- calendars -----------------------------------------------------------------------------------
def test_month_calendar_places_dates_on_their_tbilisi_day_and_navigates(client, offering, host_actor):
    from tours.services import tour_slot_create

    # 23:30 in Tbilisi is 19:30 UTC: the date belongs to the Tbilisi day.
    year = timezone.localdate().year + 1
    starts = datetime.datetime(year, 3, 14, 23, 30, tzinfo=TBILISI)
    tour_slot_create(offering=offering, starts_at=starts, capacity=5, actor=host_actor)
    response = client.get(reverse("tour-calendar"), {"month": f"{year}-03"})
    cells = {cell["date"]: cell["slots"] for week in response.context["weeks"] for cell in week}
    assert [slot.offering for slot in cells[datetime.date(year, 3, 14)]] == [offering]
    assert "23:30" in response.content.decode()
    assert response.context["previous_query"] == f"month={year}-02" and response.context["next_query"] == f"month={year}-04"
    assert client.get(reverse("tour-calendar"), {"month": "not-a-month"}).status_code == 200
    week = client.get(reverse("tour-calendar-week"), {"week": f"{year}-W{starts.isocalendar()[1]:02d}"})
    assert "23:30" in week.content.decode()


def test_public_calendar_leaves_out_drafts_and_cancelled_dates(client, make_offering, make_slot, host_actor):
    from tours.services import tour_slot_cancel

    draft = make_offering(slug="draft", published=False)
    hidden = make_slot(on=draft)
    cancelled = make_slot(days=8)
    tour_slot_cancel(slot=cancelled, reason="x", actor=host_actor)
    month = tbilisi(hidden.starts_at)
    response = client.get(reverse("tour-calendar"), {"month": f"{month:%Y-%m}"})
    slots = [slot for week in response.context["weeks"] for cell in week for slot in cell["slots"]]
    assert hidden not in slots and cancelled not in slots


def test_host_calendar_shows_held_and_free_places_to_members_only(client, member, other_editor, organization, make_slot, request_places):
    slot = make_slot(capacity=10)
    request_places(slot, 4)
    url = reverse("tour-host-calendar", args=[organization.slug])
    client.force_login(other_editor)
    assert client.get(url).status_code == 403
    client.force_login(member)
    response = client.get(url, {"month": f"{tbilisi(slot.starts_at):%Y-%m}"})
    assert response.status_code == 200
    shown = [item for week in response.context["weeks"] for cell in week for item in cell["slots"]]
    assert [(item.held_places, item.free_places) for item in shown] == [(4, 6)]
