"""What readers meet on content pages: versions numbered one way, units and audit details in words,
services in search saying whose they are, related practices without repeated names, a readable network."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from municipalities.models import Membership
from practices.models import Adoption, Practice
from practices.services.adoption import adoption_create
from practices.services.practice import practice_update
from tests.factories import MembershipFactory, OrganizationFactory, verified_user
from tests.practices.library_builders import build_action_plan, build_service, indicator_row, task_row
from tests.actors import TEST_ACTOR
from municipalities.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, organization):
    editor = verified_user()
    MembershipFactory(user=editor, organization=organization, role=Membership.Role.EDITOR)
    client.force_login(editor)
    return client


def test_after_publishing_nothing_is_pending_and_versions_are_numbered_by_publication(editor_client, make_practice):
    practice = make_practice(published=True)
    practice_update(actor=TEST_ACTOR, practice=practice, expected_version=practice.version, short_description_ka="ახალი")
    editor_client.post(practice.page_url("publish"))

    response = editor_client.get(f"/en{practice.get_absolute_url()}")

    assert 'data-testid="publish"' not in response.text
    assert 'data-testid="unpublished-changes"' not in response.text
    assert re.search(r'data-testid="published-version">version #2<', response.text)
    assert "#2 · " in response.text and "#1 · " in response.text


def test_unpublished_changes_are_said_and_publishable(editor_client, make_practice):
    practice = make_practice(published=True)
    practice_update(actor=TEST_ACTOR, practice=practice, expected_version=practice.version, short_description_ka="ახალი")

    response = editor_client.get(f"/en{practice.get_absolute_url()}")

    assert 'data-testid="unpublished-changes"' in response.text
    assert "Publish changes" in response.text


def test_publishing_with_nothing_pending_writes_no_revision(editor_client, make_practice):
    practice = make_practice(published=True)

    editor_client.post(practice.page_url("publish"))

    assert practice.revisions.count() == 1


def test_related_practices_do_not_repeat_a_name_the_title_ends_with(client, make_practice, other_organization, monkeypatch):
    other_organization.name_ka = "ხაშური"
    other_organization.save()
    named = make_practice(owner=other_organization, title_ka="ერთი სივრცე — ხაშური", published=True)
    plain = make_practice(owner=other_organization, title_ka="ღია ბიუჯეტი", published=True)
    shown = make_practice(title_ka="ელექტრონული დოკუმენტბრუნვა", published=True)
    monkeypatch.setattr("practices.views.practice.practice_related_list", lambda practice: [named, plain])

    text = client.get(shown.get_absolute_url()).text

    assert "ერთი სივრცე — ხაშური</a> <span" not in text
    assert "ღია ბიუჯეტი</a> <span class=\"text-muted small\">— ხაშური</span>" in text


def test_indicator_units_are_said_in_the_readers_language(client, organization):
    plan = build_action_plan(
        organization,
        publish=True,
        goals=[{"title_ka": "გამჭვირვალობა", "tasks": [task_row(indicators=[indicator_row(unit="persons")])]}],
    )

    georgian = client.get(plan.get_absolute_url()).text
    english = client.get(f"/en{plan.get_absolute_url()}").text

    assert "(პირი)" in georgian and "(persons)" not in georgian
    assert "(persons)" in english


def test_audit_details_read_as_words(client, organization, admin_user, make_practice):
    from practices.services.content import content_publish

    content_publish(item=make_practice(), actor=Actor.for_user(admin_user))
    client.force_login(admin_user)

    text = client.get(reverse("organization-audit", args=[organization.slug])).text

    assert "type: practice" not in text
    assert "ტიპი: პრაქტიკა;" in text and "გამოქვეყნებული ვერსია: 1" in text and "ცვლილების №: 2" in text


def test_the_contact_position_is_a_job_title_in_georgian():
    with translation.override("ka"):
        assert str(Practice._meta.get_field("contact_position").verbose_name) == "თანამდებობა"


def test_service_results_in_search_name_their_organization(client, organization, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build_service(organization)

    response = client.get("/en/search/", {"q": "construction permit"})

    assert response.status_code == 200
    owner = re.search(r'data-testid="hit-owner">(.*?)</p>', response.text, re.S).group(1)
    assert "Service description" in owner and organization.name_en in owner


def test_network_labels_never_overlap_at_any_count(client, make_practice):
    owner = OrganizationFactory(slug="owner-test", name_ka="მფლობელი")
    practice = make_practice(owner=owner, title_ka="პრაქტიკა", published=True)
    for number in range(120):
        adopter = OrganizationFactory(slug=f"adopter-{number}", name_ka=f"დამნერგავი {number}")
        adoption_create(actor=TEST_ACTOR, organization=adopter, practice=practice, status=Adoption.Status.ADOPTED, date="2025-03-01")

    response = client.get(reverse("adoption-network"))

    nodes = list(response.context["nodes"])
    assert len(nodes) == 121
    # Labels run along their radius; neighbours are at least a line of text apart on the circle.
    positions = sorted(((node["x"], node["y"]) for node in nodes))
    import math

    nearest = min(math.dist(a, b) for i, a in enumerate(positions) for b in positions[i + 1 :])
    assert nearest >= 16
    assert 'transform="rotate(' in response.text


def test_a_practices_period_reads_as_one_range(client, make_practice):
    import datetime

    practice = make_practice(published=True, period_start=datetime.date(2016, 2, 22), period_end=datetime.date(2016, 3, 4))

    text = client.get(practice.get_absolute_url()).text

    assert "22 თებერვალი – 4 მარტი 2016" in text
    assert "პერიოდი" in text
