import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from .conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "nino.beridze@rustavi.example.ge"
PASSWORD = "Tbilisi-autumn-2025"
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def form_with(page, field_name: str):
    return page.locator("main form").filter(has=page.locator(f"input[name={field_name}]"))


def test_sign_up_verify_log_in_and_switch_to_english(page, live_server):
    page.goto("/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "ka"
    signup = form_with(page, "password2")
    signup.locator("input[name=email]").fill(EMAIL)
    signup.locator("input[name=password1]").fill(PASSWORD)
    signup.locator("input[name=password2]").fill(PASSWORD)
    signup.locator("button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    assert [message.to for message in mail.outbox] == [[EMAIL]]
    link = CONFIRMATION_LINK.search(mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url("**/accounts/login/")
    assert EmailAddress.objects.get(email=EMAIL).verified

    login = form_with(page, "login")
    login.locator("input[name=login]").fill(EMAIL)
    login.locator("input[name=password]").fill(PASSWORD)
    login.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    navigation = page.get_by_role("navigation", name="მთავარი ნავიგაცია")
    assert page.locator("html").get_attribute("lang") == "ka"
    # The account's pages sit in a compact menu, so the header fits one line.
    navigation.get_by_test_id("account-menu").click()
    assert navigation.get_by_role("link", name="ჩემი ორგანიზაცია").is_visible()
    assert page.locator("main .lead").inner_text() == (
        "საუკეთესო პრაქტიკა, სამოქმედო გეგმები, ტრენინგები და მუნიციპალური სერვისები 64 მუნიციპალიტეტიდან, "
        "NALA-დან და მათი პარტნიორებისგან."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.screenshot(path=SCREENSHOT_DIR / "e2e-home-ka.png", full_page=True)

    page.get_by_test_id("language-en").click()
    page.wait_for_url(f"{live_server.url}/en/")

    navigation = page.get_by_role("navigation", name="Main navigation")
    assert page.locator("html").get_attribute("lang") == "en"
    navigation.get_by_test_id("account-menu").click()
    assert navigation.get_by_role("link", name="My organization").is_visible()
    assert navigation.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_role("link", name="ჩემი ორგანიზაცია").count() == 0
    page.screenshot(path=SCREENSHOT_DIR / "e2e-home-en.png", full_page=True)
