"""The pages work in a real browser under the Content-Security-Policy: nothing refused, scripts still run."""

import pytest

from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.factories import OrganizationFactory
from tests.actors import TEST_ACTOR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Installed by the browser before any page script, so it sees every refusal the policy makes.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def published_practice(db):
    organization = OrganizationFactory(slug="csp-town", name_ka="ქალაქი (CSP)", name_en="Town (CSP)")
    practice = practice_create(actor=TEST_ACTOR, organization=organization, title_ka="ელექტრონული დოკუმენტბრუნვა", short_description_ka="აღწერა")
    content_publish(actor=TEST_ACTOR, item=practice)
    return practice


def test_pages_raise_no_policy_violation_and_their_scripts_run(page, published_practice):
    page.add_init_script(WATCH_VIOLATIONS)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    for url in ["/", "/practices/", "/services/", "/action-plans/", "/training/", published_practice.get_absolute_url(),
                "/open-data/", "/accounts/login/", "/api/docs/"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "Content-Security-Policy" in {name.title() for name in response.headers} or "content-security-policy" in response.headers
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], url
    # Swagger UI, served as files, rendered the schema.
    page.wait_for_selector(".swagger-ui .info")
    # The search page's own script (suggestions) still runs under the policy.
    page.goto("/search/")
    page.get_by_role("combobox").fill("დოკუმენტ")
    page.wait_for_selector("#search-suggestions li")
    assert page.evaluate("window.__cspViolations") == []
    assert refused == []
