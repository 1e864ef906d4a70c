"""Service descriptions: validation, required documents and the comparison across municipalities."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from municipalities.models import AuditEntry
from practices.models import ServiceDescription, Vocabulary
from practices.selectors.service import service_comparison
from practices.services.service import service_description_create, service_description_update
from tests.factories import OrganizationFactory

from .library_builders import build_service, term
from .library_builders import in_english  # noqa: F401  (a fixture, used through pytestmark)
from tests.actors import TEST_ACTOR
from municipalities.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _fields(**overrides) -> dict:
    return {
        "title_ka": "ფულადი სოციალური დახმარება",
        "identifier": "social-1",
        "category": term(Vocabulary.SERVICE_CATEGORY, "cash-social-assistance"),
        "cost_gel": Decimal("0"),
        "processing_time_days": 15,
        "channels": ["online", "in_person"],
        **overrides,
    }


def test_create_keeps_documents_in_order_and_channels_canonical(organization, editor):
    service = service_description_create(
        organization=organization,
        fields=_fields(),
        required_documents=[{"name_ka": "განცხადება"}, {"name_ka": "ცნობა შემოსავლების შესახებ"}],
        actor=Actor.for_user(editor),
    )
    assert [document.name_ka for document in service.required_documents.all()] == ["განცხადება", "ცნობა შემოსავლების შესახებ"]
    assert ServiceDescription.objects.get(pk=service.pk).channels == ["in_person", "online"]
    assert AuditEntry.objects.get(action="content.created", data__type="servicedescription").actor == editor


def test_negative_cost_is_a_field_error_and_nothing_is_saved(organization):
    with pytest.raises(ValidationError) as caught:
        service_description_create(actor=TEST_ACTOR, organization=organization, fields=_fields(cost_gel=Decimal("-5")), required_documents=[{"name_ka": "x"}])
    assert caught.value.message_dict == {"cost_gel": ["Ensure this value is greater than or equal to 0."]}
    assert not ServiceDescription.objects.exists()


def test_unknown_channel_is_a_field_error(organization):
    with pytest.raises(ValidationError) as caught:
        service_description_create(actor=TEST_ACTOR, organization=organization, fields=_fields(channels=["fax"]))
    assert caught.value.message_dict == {"channels": ["Choose channels from: in_person, online, phone."]}


def test_identifier_is_unique_per_organization(organization, other_organization):
    service_description_create(actor=TEST_ACTOR, organization=organization, fields=_fields())
    with pytest.raises(ValidationError) as caught:
        service_description_create(actor=TEST_ACTOR, organization=organization, fields=_fields(title_ka="სხვა"))
    assert caught.value.message_dict == {"identifier": ["Your organization already has a service with this identifier."]}
    assert service_description_create(actor=TEST_ACTOR, organization=other_organization, fields=_fields()).identifier == "social-1"


def test_update_replaces_documents_and_rejects_negative_cost(organization):
    service = build_service(organization, publish=False)
    service_description_update(actor=TEST_ACTOR, service=service, fields={"cost_gel": Decimal("75.50")}, required_documents=[{"name_ka": "პროექტი"}])
    assert [document.name_ka for document in service.required_documents.all()] == ["პროექტი"]
    with pytest.raises(ValidationError):
        service_description_update(actor=TEST_ACTOR, service=ServiceDescription.objects.get(pk=service.pk), fields={"cost_gel": Decimal("-1")})
    assert ServiceDescription.objects.get(pk=service.pk).cost_gel == Decimal("75.50")


def test_comparison_lines_up_published_services_of_one_category(organization, other_organization, django_assert_num_queries):
    third = OrganizationFactory(slug="zugdidi-test", name_ka="ზუგდიდი (ტესტი)")
    build_service(organization, cost="100", days=20, channels=["in_person"])
    build_service(other_organization, cost="30", days=10, channels=["in_person", "online"])
    build_service(third, cost="50", days=5, channels=["online", "phone"])
    build_service(third, category="land-legalisation", identifier="other-category")
    build_service(OrganizationFactory(slug="draft-town"), cost="1", publish=False)

    category = term(Vocabulary.SERVICE_CATEGORY, "construction-permit")
    with django_assert_num_queries(1):
        comparison = service_comparison(category=category)
        names = [service.organization.slug for service in comparison.services]
    assert names == ["vani-test", "zugdidi-test", "rustavi-test"]
    assert (comparison.cost_gel.minimum, comparison.cost_gel.median, comparison.cost_gel.maximum) == (
        Decimal("30"), Decimal("50"), Decimal("100"),
    )
    assert (comparison.processing_time_days.minimum, comparison.processing_time_days.median, comparison.processing_time_days.maximum) == (5, 10, 20)
    assert comparison.channels == {"in_person": 2, "online": 2, "phone": 1}


def test_comparison_of_an_empty_category_has_no_spread(db):
    comparison = service_comparison(category=term(Vocabulary.SERVICE_CATEGORY, "public-information"))
    assert comparison.services == [] and comparison.cost_gel is None and comparison.processing_time_days is None
