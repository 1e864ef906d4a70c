"""A new user's path in a real browser: the language switch both ways, an organization's page,
following a theme until the digest arrives, and a header that fits one line at 1280 px."""

import pytest
from django.core import mail

from following.tasks import send_weekly_digests
from municipalities.models import Membership
from practices.models import Adoption
from practices.services.adoption import adoption_create
from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.factories import MembershipFactory, OrganizationFactory, verified_user
from tests.practices.library_builders import build_action_plan, build_service, build_training_module

from .conftest import SCREENSHOT_DIR
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Kutaisi-follows-2026"
# The navbar is one line of links at about 50 px; a wrapped header is at least twice that.
ONE_LINE_HEADER_PX = 64


def _log_in(page, live_server, user):
    page.goto("/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("input[name=login]"))
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def rustavi(db):
    organization = OrganizationFactory(
        slug="rustavi-e2e", name_ka="რუსთავი (e2e)", name_en="Rustavi (e2e)", contact_email="centre@rustavi.example.ge"
    )
    practice = practice_create(actor=TEST_ACTOR, 
        organization=organization, title_ka="მოქალაქეთა მომსახურების ცენტრი", title_en="Citizen service centre", themes=["efficiency"]
    )
    content_publish(actor=TEST_ACTOR, item=practice)
    adopter = OrganizationFactory(slug="gori-e2e", name_ka="გორი (e2e)", name_en="Gori (e2e)")
    adoption_create(actor=TEST_ACTOR, organization=adopter, practice=practice, status=Adoption.Status.ADOPTED, date="2025-03-01")
    build_action_plan(organization, publish=True)
    build_training_module(organization)
    build_service(organization)
    practice.refresh_from_db()
    return organization, practice


def test_language_switch_lands_on_the_same_deep_page_both_ways(page, live_server, rustavi):
    _organization, practice = rustavi
    deep = f"/en{practice.get_absolute_url()}"

    page.goto(deep)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("language-ka").click()
    page.wait_for_url(f"{live_server.url}{practice.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "ka"
    assert page.locator("h1").inner_text() == "მოქალაქეთა მომსახურების ცენტრი"

    page.get_by_test_id("language-en").click()
    page.wait_for_url(f"{live_server.url}{deep}")
    assert page.locator("h1").inner_text() == "Citizen service centre"

    page.get_by_test_id("language-ka").click()
    page.wait_for_url(f"{live_server.url}{practice.get_absolute_url()}")


def test_an_organization_page_shows_its_work_with_counts(page, live_server, rustavi):
    organization, practice = rustavi

    page.goto(f"/en/organizations/{organization.slug}/")

    counts = page.get_by_test_id("organization-counts").inner_text()
    for expected in ("1 practice", "1 action plan", "1 training module", "1 service", "1 adoption by others"):
        assert expected in " ".join(counts.split()), counts
    assert page.get_by_test_id("organization-practices").get_by_role("link", name="Citizen service centre").is_visible()
    assert page.get_by_test_id("adoptions-given").get_by_role("link", name="Gori (e2e)").is_visible()
    assert page.get_by_test_id("organization-contact").get_by_role("link", name="centre@rustavi.example.ge").is_visible()
    page.screenshot(path=SCREENSHOT_DIR / "e2e-organization.png", full_page=True)


def test_following_a_theme_brings_a_new_practice_in_the_weekly_digest(page, live_server, rustavi):
    organization, _practice = rustavi
    person = verified_user(email="editor@kutaisi.example.ge", password=PASSWORD)
    MembershipFactory(user=person, organization=organization, role=Membership.Role.EDITOR)
    _log_in(page, live_server, person)

    page.goto("/en/following/")
    page.get_by_test_id("follow-themes").locator("li", has_text="Open data").get_by_test_id("follow").click()
    page.wait_for_url(f"{live_server.url}/en/following/")
    assert page.get_by_test_id("follows").get_by_role("link", name="Open data").is_visible()

    draft = practice_create(actor=TEST_ACTOR, organization=organization, title_ka="ღია ბიუჯეტის პორტალი", title_en="Open budget portal", themes=["open-data"])
    page.goto(f"/en{draft.get_absolute_url()}")
    page.get_by_test_id("publish").click()
    page.wait_for_url(f"{live_server.url}/en{draft.get_absolute_url()}")
    assert page.get_by_test_id("status").inner_text() == "Published"
    page.goto("/en/following/")
    assert page.get_by_test_id("following-feed").get_by_role("link", name="Open budget portal").is_visible()

    mail.outbox.clear()
    send_weekly_digests.delay()

    digests = [message for message in mail.outbox if message.to == [person.email]]
    assert len(digests) == 1
    assert "Open budget portal" in digests[0].body
    assert "/en/following/unsubscribe/" in digests[0].extra_headers["List-Unsubscribe"]


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_header_fits_one_line_at_1280_px(page, live_server, rustavi, signed_in):
    organization, practice = rustavi
    if signed_in:
        person = verified_user(email="admin@rustavi.example.ge", password=PASSWORD)
        MembershipFactory(user=person, organization=organization, role=Membership.Role.ADMIN)
        _log_in(page, live_server, person)
    pages = {
        "home": "/",
        "organization": f"/organizations/{organization.slug}/",
        "practice": practice.get_absolute_url(),
        "account": "/my/organizations/" if signed_in else "/accounts/login/",
    }
    if signed_in:
        pages |= {"e-mail": "/accounts/email/", "two-factor": "/accounts/2fa/", "following": "/following/"}
    for name, path in pages.items():
        for prefix in ("", "/en"):
            page.goto(prefix + path)
            header = page.locator("header nav").bounding_box()
            suffix = f"{name}{'-en' if prefix else ''}{'-signed-in' if signed_in else ''}"
            page.screenshot(path=SCREENSHOT_DIR / f"e2e-header-{suffix}.png")
            assert header["height"] < ONE_LINE_HEADER_PX, f"{suffix}: header {header['height']} px high"
            brand = page.locator(".navbar-brand").bounding_box()
            switch = page.get_by_test_id("language-en").bounding_box()
            assert abs(brand["y"] - switch["y"]) < 12, f"{suffix}: the language switch wrapped below the brand"
