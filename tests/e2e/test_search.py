"""A visitor finds a practice by an inflected Georgian form and by its Latin spelling, with highlights and facets."""

import pytest

from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.factories import OrganizationFactory

from .conftest import SCREENSHOT_DIR
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MUNICIPALITY_TITLE = "მუნიციპალიტეტის ელექტრონული დოკუმენტბრუნვა"
RUSTAVI_TITLE = "რუსთავის ნარჩენების მართვის გეგმა"


@pytest.fixture
def published_practices(db):
    # Celery runs eagerly in tests: each publish indexes the practice once its transaction commits.
    organization = OrganizationFactory(slug="gardabani-search", name_ka="გარდაბანი (ძიება)", name_en="Gardabani (search)")
    for title, theme in ((MUNICIPALITY_TITLE, "e-governance"), (RUSTAVI_TITLE, "efficiency")):
        practice = practice_create(actor=TEST_ACTOR, organization=organization, title_ka=title, themes=[theme], short_description_ka=title)
        content_publish(actor=TEST_ACTOR, item=practice)


def _search(page, query: str):
    page.goto("/search/")
    page.get_by_role("combobox").fill(query)
    page.get_by_role("combobox").press("Enter")
    page.wait_for_selector("ol li h2")


def test_inflected_georgian_and_latin_queries_find_the_practice(page, published_practices):
    _search(page, "მუნიციპალიტეტში")

    results = page.locator("main ol > li")
    assert results.locator("h2 a").all_inner_texts() == [MUNICIPALITY_TITLE]
    assert results.first.locator("mark").first.inner_text() == "მუნიციპალიტეტის"
    type_facet = page.locator("section[aria-labelledby='facet-doc_type'] li")
    assert type_facet.all_inner_texts() == ["პრაქტიკა\n1"]
    theme_facet = page.locator("section[aria-labelledby='facet-tags'] li")
    assert theme_facet.all_inner_texts() == ["ელექტრონული მმართველობა და ციფრული სერვისები\n1"]
    page.screenshot(path=str(SCREENSHOT_DIR / "e2e-search-georgian.png"), full_page=True)

    _search(page, "rustavi")

    results = page.locator("main ol > li")
    assert results.locator("h2 a").all_inner_texts() == [RUSTAVI_TITLE]
    assert "რუსთავის" in results.first.locator("mark").all_inner_texts()
    assert page.locator("section[aria-labelledby='facet-doc_type'] li").all_inner_texts() == ["პრაქტიკა\n1"]
