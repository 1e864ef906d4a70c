"""A Rustavi editor adds a practice through the NALA-sectioned form, publishes it and finds it in the list."""

import pytest

from municipalities.models import Membership
from practices.models import ContentStatus, Practice
from tests.factories import MembershipFactory, OrganizationFactory, verified_user

from .conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Rustavi-centre-2025"
TITLE_KA = "მოქალაქეთა კმაყოფილების კვლევა"


def test_editor_creates_publishes_and_finds_a_practice(page, live_server):
    organization = OrganizationFactory(slug="rustavi-e2e", name_ka="რუსთავი (e2e)", name_en="Rustavi (e2e)")
    editor = verified_user(email="editor@rustavi.example.ge", password=PASSWORD)
    MembershipFactory(user=editor, organization=organization, role=Membership.Role.EDITOR)

    page.goto("/accounts/login/")
    login = page.locator("main form").filter(has=page.locator("input[name=login]"))
    login.locator("input[name=login]").fill(editor.email)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto("/practices/new/")
    page.get_by_label("სათაური (ქართულად)").fill(TITLE_KA)
    page.get_by_label("სათაური (ინგლისურად)").fill("Citizen satisfaction survey")
    page.get_by_label("ეფექტიანობა").check()
    page.get_by_label("გამოწვევა (ქართულად)").fill("მოქალაქეთა **უკუკავშირი** არ გროვდებოდა.")
    page.locator("input[name='activities-0-stage_ka']").fill("I ეტაპი")
    page.locator("textarea[name='activities-0-activity_ka']").fill("კითხვარის შემუშავება")
    page.get_by_test_id("save").click()

    page.wait_for_url("**/practices/rustavi-e2e/citizen-satisfaction-survey/")
    assert page.get_by_test_id("status").inner_text() == "პროექტი"
    page.get_by_test_id("publish").click()
    page.wait_for_url("**/practices/rustavi-e2e/citizen-satisfaction-survey/")
    assert page.get_by_test_id("status").inner_text() == "გამოქვეყნებული"
    assert page.locator("main strong", has_text="უკუკავშირი").is_visible()

    practice = Practice.objects.get(organization=organization)
    assert practice.status == ContentStatus.PUBLISHED
    assert list(practice.themes.values_list("slug", flat=True)) == ["efficiency"]
    assert practice.revisions.count() == 1

    page.goto("/practices/?theme=efficiency")
    listing = page.get_by_test_id("practice-list")
    assert listing.get_by_role("link", name=TITLE_KA).is_visible()
    page.screenshot(path=SCREENSHOT_DIR / "e2e-practices-list.png", full_page=True)
