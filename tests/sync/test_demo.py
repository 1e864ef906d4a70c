import pytest

from practices.models import ContentStatus, Practice
from sync.demo import SOURCE_NAME, seed
from sync.models import Source

pytestmark = pytest.mark.django_db


def test_the_demo_source_has_a_run_history_from_a_loopback_feed_and_is_idempotent():
    assert seed() == {"sources": 1, "runs": 3}
    source = Source.objects.get(name=SOURCE_NAME)
    assert source.url.startswith("http://127.0.0.1:")
    runs = list(source.runs.order_by("pk").values_list("status", "created", "updated", "withdrawn"))
    assert runs == [("succeeded", 5, 0, 0), ("succeeded", 0, 1, 1), ("failed", 0, 0, 0)]
    assert Practice.objects.filter(organization=source.organization, lock_source=SOURCE_NAME, status=ContentStatus.PUBLISHED).count() == 4
    assert seed() == {"sources": 0, "runs": 0}
