"""The library pages' filter bar (organization select grouped by region, region select) and history labels."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from practices.models import Adoption, Practice
from practices.services.adoption import adoption_create
from tests.factories import OrganizationFactory, RegionFactory

from .library_builders import build_service, build_training_module
from tests.actors import TEST_ACTOR

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


def test_history_names_changed_child_rows_in_words_not_field_names(client, editor, make_practice):
    practice = make_practice(activities=[{"activity_ka": "ანალიზი"}], published=True)
    client.force_login(editor)
    client.post(practice.page_url("edit"), {
        "version": Practice.objects.get().version, "title_ka": practice.title_ka,
        "activities-TOTAL_FORMS": "1", "activities-INITIAL_FORMS": "0", "activities-0-activity_ka": "პილოტირება",
    })  # fmt: skip
    client.post(practice.page_url("publish"))

    with translation.override("en"):
        response = client.get(practice.page_url("history"), {"from": 1, "to": 2})

    html = response.content.decode()
    assert "activities" in {change.field for change in response.context["changes"]}
    assertInHTML('<h3 class="h6">Activity plan</h3>', html)
    assert ">activities<" not in html


def test_drafts_page_lists_only_types_with_drafts_or_says_there_are_none(client, editor, make_practice):
    client.force_login(editor)
    with translation.override("en"):
        empty = client.get(reverse("content-drafts")).content.decode()
        make_practice(title_en="Electronic document flow")
        filled = client.get(reverse("content-drafts")).content.decode()

    assertInHTML('<p class="border rounded p-4 text-center text-muted" data-testid="drafts-empty">Your organizations have no drafts or archived items.</p>', empty)
    assert "Electronic document flow" in filled and 'data-testid="drafts-empty"' not in filled
    assertInHTML('<h2 class="h5">Practices <span class="badge text-bg-light border">1</span></h2>', filled)
    assert '<h2 class="h5">Action plans' not in filled


def test_practice_budget_reads_as_grouped_money(client, make_practice):
    practice = make_practice(budget_gel=Decimal("143000.00"), published=True)

    with translation.override("en"):
        html = client.get(practice.get_absolute_url()).content.decode()

    assert "143,000.00" in html and "143000.00" not in html


def test_invalid_filters_are_named_by_their_labels(client):
    with translation.override("en"):
        html = client.get(reverse("trainingmodule-list"), {"delivery": "carrier-pigeon"}).content.decode()

    assertInHTML("<li>Format: Select a valid choice. carrier-pigeon is not one of the available choices.</li>", html)


def test_training_list_filters_by_format_and_keeps_it_selected(client, organization):
    build_training_module(organization)

    with translation.override("en"):
        response = client.get(reverse("trainingmodule-list"), {"delivery": "online"})

    assert list(response.context["items"]) == []
    assertInHTML('<option value="online" selected>Online</option>', response.content.decode())


def test_detail_offers_comparing_versions_only_once_there_are_two(client, editor, make_practice):
    practice = make_practice(published=True)
    client.force_login(editor)
    once = client.get(practice.get_absolute_url()).content.decode()
    client.post(practice.page_url("edit"), {
        "version": Practice.objects.get().version, "title_ka": "ახალი სათაური",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
    })  # fmt: skip
    client.post(practice.page_url("publish"))

    twice = client.get(practice.get_absolute_url()).content.decode()

    history = practice.page_url("history")
    assert f'href="{history}"' in twice
    assert once.count(f'href="{history}"') == twice.count(f'href="{history}"') - 1


def test_network_colours_the_municipalities_others_learned_from(client, published_practice, other_organization):
    adoption_create(actor=TEST_ACTOR, organization=other_organization, practice=published_practice, status=Adoption.Status.ADOPTED, date="2025-03-01")

    response = client.get(reverse("adoption-network"))

    shared = {node["organization"].slug: node["shared"] for node in response.context["nodes"]}
    assert shared == {"rustavi-test": True, "vani-test": False}
    body = response.content.decode()
    assert body.count('fill="#7a1f2b"') == 2  # the teacher's node and its legend swatch
    assert body.count('fill="#6c757d"') == 2
