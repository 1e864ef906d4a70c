import pytest

from practices.demo import GENERATED_COUNT, seed
from practices.models import Adoption, ContentStatus, Practice

pytestmark = pytest.mark.django_db


def test_demo_seed_loads_the_seeds_practices_and_is_idempotent():
    first = seed()
    centre = Practice.objects.get(organization__slug="rustavi", slug="reform-and-service-development-centre")
    assert centre.status == ContentStatus.PUBLISHED
    assert centre.activities.count() == 5
    assert centre.revisions.count() == 1
    assert Practice.objects.filter(organization__slug="tsalenjikha", slug="electronic-document-flow").exists()
    assert Practice.objects.filter(slug="open-data-strategy").count() == 2
    assert first["generated"] == GENERATED_COUNT
    assert first["practices"] == GENERATED_COUNT + 4
    assert Adoption.objects.filter(practice=centre).count() == 2
    second = seed()
    assert second == {**first, "generated": 0}
    # No contact from seed 002 is reused.
    assert "gmail.com" not in centre.contact_email
