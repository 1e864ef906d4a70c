"""A study tour end to end: a host offers it with weekly dates, a delegation books, the host confirms,
both are e-mailed, the visit takes place and the delegation's feedback shows on the practice it showed.

The live server runs in this process, so the locmem backend's `django.core.mail.outbox` is the one
the server's requests append to.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from municipalities.actors import Actor
from municipalities.models import Membership
from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.actors import TEST_ACTOR
from tests.factories import MembershipFactory, OrganizationFactory, verified_user
from tours.models import TourBooking, TourOffering, TourSlot
from tours.services import tour_visits_complete

from .conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Study-tour-2026"
TITLE_KA = "ერთი ფანჯრის პრინციპი რუსთავში"
COMMENT = "ძალიან სასარგებლო ვიზიტი: ვნახეთ, როგორ მუშაობს ერთი ფანჯარა."


def log_in(page, live_server, email: str) -> None:
    page.goto("/accounts/login/")
    login = page.locator("main form").filter(has=page.locator("input[name=login]"))
    login.locator("input[name=login]").fill(email)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def test_host_offers_a_tour_a_delegation_books_and_its_feedback_reaches_the_practice(page, browser, live_server):
    host = OrganizationFactory(slug="rustavi-tours", name_ka="რუსთავი (ტური)", name_en="Rustavi (tour)")
    visitors = OrganizationFactory(slug="vani-tours", name_ka="ვანი (ტური)", name_en="Vani (tour)")
    host_editor = verified_user(email="tours@rustavi.example.ge", password=PASSWORD)
    MembershipFactory(user=host_editor, organization=host, role=Membership.Role.EDITOR)
    visitor = verified_user(email="nino@vani.example.ge", password=PASSWORD, full_name="ნინო ბერიძე")
    MembershipFactory(user=visitor, organization=visitors, role=Membership.Role.MEMBER)
    practice = practice_create(organization=host, title_ka="ერთი ფანჯრის სერვისი", title_en="One-stop service", actor=TEST_ACTOR)
    content_publish(item=practice, actor=TEST_ACTOR)

    # The host offers the tour, links the practice and publishes it.
    log_in(page, live_server, host_editor.email)
    page.goto("/tours/new/")
    page.locator("input[name=title_ka]").fill(TITLE_KA)
    page.locator("input[name=title_en]").fill("One-stop shop in Rustavi")
    page.locator("textarea[name=description_ka]").fill("სერვისცენტრი **ერთ სივრცეში** 40 სერვისს სთავაზობს.")
    page.locator("input[name=languages][value=en]").check()
    page.locator("input[name=max_group_size]").fill("12")
    page.locator("input[name=address]").fill("რუსთავი, მესხიშვილის ქ. 1")
    page.locator("input[name=contact_email]").fill("visits@rustavi.example.ge")
    page.locator(f"input[name=practices][value='{practice.pk}']").check()
    page.get_by_test_id("save").click()
    page.wait_for_url("**/tours/rustavi-tours/one-stop-shop-in-rustavi/")
    page.get_by_test_id("publish").click()
    page.wait_for_url("**/tours/rustavi-tours/one-stop-shop-in-rustavi/")
    offering = TourOffering.objects.get(organization=host)
    assert offering.is_published and list(offering.practices.all()) == [practice]

    # Weekly dates for the next two weeks, at 10:00 in Tbilisi.
    page.get_by_test_id("manage-dates").click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    weekly = page.get_by_test_id("add-weekly")
    weekly.locator("input[name=first_day]").fill(tomorrow.isoformat())
    weekly.locator("input[name=last_day]").fill((tomorrow + datetime.timedelta(days=13)).isoformat())
    for checkbox in weekly.locator("input[name=weekdays]").all():
        checkbox.check()
    weekly.locator("input[name=start_time]").fill("10:00")
    weekly.locator("input[name=capacity]").fill("10")
    page.get_by_test_id("add-weekly-submit").click()
    assert page.get_by_test_id("weekly-result").is_visible()
    slots = list(TourSlot.objects.filter(offering=offering).order_by("starts_at"))
    assert len(slots) >= 10  # fourteen days, less any public holidays
    assert {timezone.localtime(slot.starts_at).strftime("%H:%M") for slot in slots} == {"10:00"}
    assert page.get_by_test_id("host-dates").locator("tbody tr").count() == len(slots)
    page.screenshot(path=SCREENSHOT_DIR / "e2e-tour-dates.png", full_page=True)
    page.goto(offering.get_absolute_url())
    page.screenshot(path=SCREENSHOT_DIR / "e2e-tour-detail.png", full_page=True)

    # The delegation books the first date.
    delegation_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    delegation = delegation_context.new_page()
    delegation.set_default_timeout(15_000)
    log_in(delegation, live_server, visitor.email)
    delegation.goto(offering.get_absolute_url())
    first = slots[0]
    delegation.locator(f"#participants-{first.pk}").fill("3")
    delegation.get_by_test_id(f"book-{first.pk}").click()
    form = delegation.get_by_test_id("booking-form")
    assert form.locator("select[name=requesting_organization]").input_value() == str(visitors.pk)
    assert form.locator("input[name=contact_email]").input_value() == visitor.email
    form.locator("textarea[name=participant_list]").fill("ნინო ბერიძე | მერის მოადგილე\nგიორგი კაპანაძე | სპეციალისტი")
    form.locator("textarea[name=purpose]").fill("ერთი ფანჯრის გაცნობა")
    delegation.screenshot(path=SCREENSHOT_DIR / "e2e-tour-booking-form.png", full_page=True)
    delegation.get_by_test_id("send-request").click()
    delegation.wait_for_url("**/tours/bookings/*/")
    booking = TourBooking.objects.get(slot=first)
    assert delegation.get_by_test_id("booking-status").get_attribute("data-status") == "requested"
    assert booking.participants == 3 and booking.requesting_organization == visitors

    # The host confirms it from the inbox.
    page.goto(f"/tours/host/{host.slug}/")
    page.screenshot(path=SCREENSHOT_DIR / "e2e-tour-inbox.png", full_page=True)
    page.get_by_test_id(f"confirm-{booking.pk}").click()
    page.wait_for_url(f"**/tours/host/{host.slug}/")
    booking.refresh_from_db()
    assert booking.status == TourBooking.Status.CONFIRMED

    # Both sides were written to: the host about the request, the delegation about the confirmation.
    booking_path = f"/tours/bookings/{booking.pk}/"
    to_host = [message for message in mail.outbox if message.to == ["visits@rustavi.example.ge"]]
    to_delegation = [message for message in mail.outbox if message.to == [visitor.email]]
    assert len(to_host) == 1 and booking_path in to_host[0].body and "ვანი (ტური)" in to_host[0].body
    assert len(to_delegation) == 1 and booking_path in to_delegation[0].body and TITLE_KA in to_delegation[0].body

    delegation.reload()
    assert delegation.get_by_test_id("booking-status").get_attribute("data-status") == "confirmed"
    assert delegation.get_by_test_id("booking-ics").get_attribute("href").endswith(f"{booking_path}calendar.ics")
    delegation.screenshot(path=SCREENSHOT_DIR / "e2e-tour-booking.png", full_page=True)

    # The visit takes place: the date moves into the past and the scheduler completes it.
    ended = timezone.now() - datetime.timedelta(hours=1)
    TourSlot.objects.filter(pk=first.pk).update(starts_at=ended - datetime.timedelta(hours=3), ends_at=ended)
    assert tour_visits_complete(actor=Actor.system(name="tours.scheduler")) == 1

    delegation.reload()
    assert delegation.get_by_test_id("booking-status").get_attribute("data-status") == "completed"
    feedback = delegation.get_by_test_id("feedback-form")
    feedback.locator("input[name=rating][value='5']").check()
    feedback.locator("textarea[name=comment]").fill(COMMENT)
    delegation.get_by_test_id("send-feedback").click()
    assert delegation.get_by_test_id("feedback-given").is_visible()

    # The feedback shows on the practice the tour showed.
    delegation.goto(practice.get_absolute_url())
    block = delegation.get_by_test_id("see-it-in-person")
    assert block.get_by_text(COMMENT).is_visible()
    delegation.screenshot(path=SCREENSHOT_DIR / "e2e-tour-practice.png", full_page=True)

    # The visitors' month calendar shows the remaining dates at 10:00.
    delegation.goto(f"/tours/calendar/?month={timezone.localtime(slots[1].starts_at):%Y-%m}")
    assert delegation.get_by_test_id("calendar-month").get_by_text("10:00").first.is_visible()
    delegation.screenshot(path=SCREENSHOT_DIR / "e2e-tour-calendar.png", full_page=True)
    year, week, _weekday = timezone.localtime(slots[1].starts_at).isocalendar()
    delegation.goto(f"/tours/calendar/week/?week={year}-W{week:02d}")
    assert delegation.get_by_test_id("calendar-week").get_by_text("10:00").first.is_visible()
    delegation.screenshot(path=SCREENSHOT_DIR / "e2e-tour-calendar-week.png", full_page=True)
    delegation_context.close()
