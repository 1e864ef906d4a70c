"""The organization and region selects of the library list pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from tests.factories import OrganizationFactory, RegionFactory

from .library_builders import build_service, build_training_module

pytestmark = pytest.mark.django_db


def organization_select(response) -> list[tuple[str, list[str]]]:
    """(group label, organization slugs) of the organization select, as the page renders it."""
    return [(group.label, [organization.slug for organization in group.organizations]) for group in response.context["organization_groups"]]


def test_lists_only_organizations_with_published_items_of_that_type(client, organization, other_organization, third_organization, make_practice):
    make_practice(published=True)
    make_practice(owner=other_organization, title_ka="მონახაზი")
    build_service(third_organization)

    response = client.get(reverse("practice-list"))

    assert organization_select(response) == [(organization.region.name_ka, ["rustavi-test"])]
    assertInHTML('<option value="rustavi-test">რუსთავი (ტესტი)</option>', response.content.decode())
    assert "vani-test" not in response.content.decode()
    assert organization_select(client.get(reverse("servicedescription-list"))) == [(third_organization.region.name_ka, ["kutaisi-test"])]


def test_groups_organizations_by_region_in_the_readers_language(client):
    imereti = RegionFactory(slug="imereti", name_ka="იმერეთი", name_en="Imereti")
    kakheti = RegionFactory(slug="kakheti", name_ka="კახეთი", name_en="Kakheti")
    for slug, name_en, region in [("kutaisi", "Kutaisi", imereti), ("telavi", "Telavi", kakheti), ("vani", "Vani", imereti)]:
        build_training_module(OrganizationFactory(slug=slug, name_ka=f"{name_en} ქა", name_en=name_en, region=region))
    build_training_module(OrganizationFactory(slug="nowhere", name_ka="უადგილო", name_en="Nowhere", region=None))

    with translation.override("en"):
        response = client.get(reverse("trainingmodule-list"))
        assert organization_select(response) == [("Imereti", ["kutaisi", "vani"]), ("Kakheti", ["telavi"]), ("No region", ["nowhere"])]

    html = response.content.decode()
    assertInHTML('<optgroup label="Kakheti"><option value="telavi">Telavi</option></optgroup>', html)
    assertInHTML(
        '<select class="form-select" id="f-region" name="region"><option value="">All regions</option>'
        '<option value="imereti">Imereti</option><option value="kakheti">Kakheti</option></select>',
        html,
    )


def test_keeps_the_chosen_organization_and_region_selected(client, organization, other_organization):
    build_training_module(organization)
    build_training_module(other_organization, title="ვანის მოდული")

    response = client.get(reverse("trainingmodule-list"), {"organization": "vani-test", "region": other_organization.region.slug})

    html = response.content.decode()
    assertInHTML('<option value="vani-test" selected>ვანი (ტესტი)</option>', html)
    assertInHTML('<option value="rustavi-test">რუსთავი (ტესტი)</option>', html)
    assertInHTML(f'<option value="{other_organization.region.slug}" selected>{other_organization.region.name_ka}</option>', html)
    assert [module.organization.slug for module in response.context["items"]] == ["vani-test"]


def test_the_select_costs_the_same_queries_however_many_organizations_have_items(client, organization):
    build_service(organization)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("servicedescription-list"))
    for number in range(6):
        build_service(OrganizationFactory(slug=f"municipality-extra-{number}"))

    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("servicedescription-list"))

    assert len(response.context["organization_groups"]) == 7
    assert len(many) == len(few)
