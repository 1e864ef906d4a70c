"""Pagination, progress bars, tabs, buttons and charts wear the hub's burgundy, not Bootstrap's blue."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_page_uses_bootstraps_default_blue():
    """The hub's burgundy everywhere: no Bootstrap blue written into templates or stylesheets."""
    offenders = []
    for path in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("*/static/*/*.css"), *ROOT.glob("*/static/*/*.js")]:
        text = path.read_text().lower()
        if "#0d6efd" in text or re.search(r"\b(text-bg|bg|btn|text)-info\b", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_stylesheet_gives_bootstraps_components_the_hubs_colour():
    css = (ROOT / "hub/static/hub/hub.css").read_text()
    for variable in ("--bs-primary:", "--bs-pagination-active-bg", "--bs-progress-bar-bg", "--bs-nav-pills-link-active-bg", "--bs-link-color:"):
        assert variable in css, variable
