"""Playwright fixtures: Debian's Chromium, headless, against pytest-django's live server.

Playwright never downloads a browser here: it drives CHROMIUM_PATH or the `chromium`
on PATH (bash .ci/run installs Debian's package). Without one, CI fails and a
developer's run skips with the reason.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from tests.hub.real_services import missing_real_service

# Playwright's sync API runs an event loop in the test's thread; Django refuses database
# access from a thread with a running loop unless told that the caller is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp"))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if path:
        return path
    missing_real_service("No Chromium: set CHROMIUM_PATH or install Debian's package (apt-get install chromium).")


@pytest.fixture(scope="session")
def compiled_translations() -> None:
    """The browser must see Georgian: compile the catalogues as `make messages` does."""
    call_command("compilemessages", ignore_patterns=[".venv/*"], verbosity=0)
    # Django caches each language's catalogue on first use, possibly before the .mo files
    # existed; a change of LOCALE_PATHS is what makes it drop the cache and read them again.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        pass


@pytest.fixture
def browser(chromium_path, compiled_translations):
    # One browser per test, never across tests: while Playwright's event loop runs in this
    # thread, Django keeps database connections per async context instead of per thread, so
    # a test's database set-up (serialized_rollback) must happen before the loop starts.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
        # The connections the test opened while the loop ran live in that context only;
        # left open, they would keep the test database from being dropped at the end.
        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
