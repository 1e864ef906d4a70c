"""An organization's page shows its published work with counts, its adoptions both ways, and its contact."""

import pytest

from practices.models import Adoption
from practices.services.adoption import adoption_create
from tests.factories import OrganizationFactory
from tests.practices.library_builders import build_action_plan, build_service, build_training_module
from tests.actors import TEST_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_organization(organization, other_organization, make_practice):
    organization.contact_email = "centre@rustavi.example.ge"
    organization.contact_phone = "+995 341 00 00 00"
    organization.website = "https://rustavi.example.ge"
    organization.address = "რუსთავი, მშვიდობის ქ. 1"
    organization.save()
    mine = make_practice(title_ka="სერვისების ცენტრი", published=True, themes=["efficiency"])
    make_practice(title_ka="დაუმთავრებელი", published=False)
    theirs = make_practice(owner=other_organization, title_ka="ღია ბიუჯეტი", published=True)
    adoption_create(actor=TEST_ACTOR, organization=other_organization, practice=mine, status=Adoption.Status.ADOPTED, date="2025-03-01")
    adoption_create(actor=TEST_ACTOR, organization=organization, practice=theirs, status=Adoption.Status.PLANNED, date="2025-05-01")
    build_action_plan(organization, publish=True)
    build_action_plan(organization, publish=False, title="პროექტი")
    build_training_module(organization)
    build_service(organization)
    return organization


def test_the_page_shows_the_work_with_counts(client, busy_organization):
    response = client.get(f"/en/organizations/{busy_organization.slug}/")

    assert response.status_code == 200
    work = response.context["work"]
    assert work.counts == {
        "practices": 1,
        "action_plans": 1,
        "training_modules": 1,
        "training_sessions": 0,
        "services": 1,
        "adoptions_given": 1,
        "adoptions_taken": 1,
    }
    text = response.text
    assert "სერვისების ცენტრი" in text and "დაუმთავრებელი" not in text
    assert "adopted by 1 organization" in text
    assert "Progress of" in text  # the action plan with its progress bar
    assert "Construction permit" in text
    assert "Basic IT skills" in text
    assert "ღია ბიუჯეტი" in text  # what it adopted from others


def test_the_page_shows_how_to_reach_the_organization(client, busy_organization):
    response = client.get(f"/en/organizations/{busy_organization.slug}/")

    assert 'href="mailto:centre@rustavi.example.ge"' in response.text
    assert 'href="tel:+995341000000"' in response.text
    assert "https://rustavi.example.ge" in response.text
    assert "მშვიდობის ქ. 1" in response.text


def test_an_organization_with_nothing_published_says_so(client, db):
    quiet = OrganizationFactory(slug="quiet-test", name_en="Quiet", name_ka="მშვიდი")

    response = client.get(f"/en/organizations/{quiet.slug}/")

    assert response.status_code == 200
    assert "No published practices yet." in response.text
    assert "No contact details yet." in response.text


def test_the_page_reads_in_a_constant_number_of_queries(client, busy_organization, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        client.get(f"/organizations/{busy_organization.slug}/")


def test_unknown_organization_is_404(client, db):
    assert client.get("/organizations/nowhere/").status_code == 404
