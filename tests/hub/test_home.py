"""The home page lets people start: a search box, latest and most adopted practices, next trainings, counts, themes."""

import datetime

import pytest
from django.utils import timezone

from practices.models import Adoption
from practices.services.adoption import adoption_create
from practices.services.content import content_publish
from practices.services.practice import practice_create
from practices.services.training import training_session_create
from tests.factories import OrganizationFactory
from tests.practices.library_builders import build_service, build_training_module
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_content(organization, other_organization):
    popular = practice_create(actor=TEST_ACTOR, organization=organization, title_ka="ერთი სივრცე", themes=["efficiency"])
    content_publish(actor=TEST_ACTOR, item=popular)
    latest = practice_create(actor=TEST_ACTOR, organization=organization, title_ka="უახლესი პრაქტიკა")
    content_publish(actor=TEST_ACTOR, item=latest)
    practice_create(actor=TEST_ACTOR, organization=organization, title_ka="დაუსრულებელი პროექტი")  # a draft: never counted
    third = OrganizationFactory(slug="gori-test", name_ka="გორი (ტესტი)")
    adoption_create(actor=TEST_ACTOR, organization=other_organization, practice=popular, status=Adoption.Status.ADOPTED, date="2025-03-01")
    adoption_create(actor=TEST_ACTOR, organization=third, practice=popular, status=Adoption.Status.ADOPTING, date="2025-04-01")
    module = build_training_module(organization)
    today = timezone.localdate()
    training_session_create(actor=TEST_ACTOR, 
        organization=organization,
        module=module,
        fields={"starts_on": today + datetime.timedelta(days=3), "ends_on": today + datetime.timedelta(days=4), "capacity": 20},
    )
    training_session_create(actor=TEST_ACTOR, 
        organization=organization,
        module=module,
        fields={"starts_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2020, 1, 2), "capacity": 20},
    )
    build_service(organization)
    return {"popular": popular, "latest": latest, "module": module}


def test_home_shows_search_latest_most_adopted_next_trainings_counts_and_themes(client, hub_content):
    response = client.get("/")

    assert response.status_code == 200
    assert 'role="search"' in response.text and 'name="q"' in response.text
    assert [p.title_ka for p in response.context["latest_practices"]] == ["უახლესი პრაქტიკა", "ერთი სივრცე"]
    most = response.context["most_adopted"]
    assert [p.title_ka for p in most] == ["ერთი სივრცე"] and most[0].adoption_count == 2
    upcoming = response.context["upcoming_sessions"]
    assert len(upcoming) == 1 and upcoming[0].module == hub_content["module"]
    counts = response.context["counts"]
    assert (counts["practices"], counts["training_modules"], counts["services"], counts["adoptions"]) == (2, 1, 1, 2)
    themes = {theme.slug: theme.practice_count for theme in response.context["themes"]}
    assert themes["efficiency"] == 1
    assert "?theme=efficiency" in response.text


def test_home_in_english_says_what_the_hub_holds(client, hub_content):
    response = client.get("/en/")

    assert "Latest practices" in response.text and "Most adopted" in response.text and "Next trainings" in response.text
    assert "adopted by 2 organizations" in response.text


def test_home_with_nothing_published_says_so(client, db):
    response = client.get("/en/")

    assert response.status_code == 200
    assert "No practices published yet." in response.text
    assert "No trainings scheduled." in response.text
