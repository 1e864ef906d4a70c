import pytest

from practices.services.content import content_publish
from practices.services.practice import practice_create
from tests.factories import verified_user
from tests.actors import TEST_ACTOR


@pytest.fixture
def follower(db):
    return verified_user(email="follower@kutaisi.example.ge")


@pytest.fixture
def publish_practice(organization):
    def publish(*, owner=None, title_ka="ელექტრონული პეტიციები", themes=("efficiency",), **fields):
        practice = practice_create(actor=TEST_ACTOR, organization=owner or organization, title_ka=title_ka, themes=list(themes), **fields)
        content_publish(actor=TEST_ACTOR, item=practice)
        practice.refresh_from_db()
        return practice

    return publish
